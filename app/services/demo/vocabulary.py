"""The words the demo workspace is made of: Brazilian names, companies, cities, notes.

Plain data only; app/services/demo/generator.py turns it into leads, interactions and purchases.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    state: str
    area_code: int
    timezone: str
    postal_range: tuple[int, int]  # first five digits of the CEP
    lat_range: tuple[float, float]  # a box on land inside the city
    lng_range: tuple[float, float]
    streets: tuple[str, ...]
    weight: int


CITIES = (
    City("São Paulo", "SP", 11, "America/Sao_Paulo", (1000, 5999), (-23.70, -23.48), (-46.75, -46.52), (
        "Avenida Paulista", "Rua Augusta", "Rua Oscar Freire", "Avenida Brigadeiro Faria Lima",
        "Rua da Consolação", "Rua Vergueiro", "Avenida Rebouças", "Rua Teodoro Sampaio",
        "Rua Haddock Lobo", "Avenida Ibirapuera", "Rua Voluntários da Pátria", "Avenida São João",
    ), 30),
    City("Rio de Janeiro", "RJ", 21, "America/Sao_Paulo", (20000, 23799), (-22.92, -22.82), (-43.45, -43.25), (
        "Avenida Rio Branco", "Rua Conde de Bonfim", "Rua Barata Ribeiro", "Rua do Catete",
        "Rua Voluntários da Pátria", "Avenida das Américas", "Rua Visconde de Pirajá", "Rua São Clemente",
        "Avenida Presidente Vargas", "Rua Dias da Cruz",
    ), 17),
    City("Belo Horizonte", "MG", 31, "America/Sao_Paulo", (30000, 31999), (-19.98, -19.85), (-44.02, -43.90), (
        "Avenida Afonso Pena", "Rua da Bahia", "Avenida do Contorno", "Rua Pernambuco",
        "Avenida Amazonas", "Rua Espírito Santo", "Avenida Getúlio Vargas", "Rua Paraíba",
    ), 10),
    City("Curitiba", "PR", 41, "America/Sao_Paulo", (80000, 82999), (-25.50, -25.38), (-49.33, -49.22), (
        "Rua XV de Novembro", "Avenida Sete de Setembro", "Rua Marechal Deodoro", "Avenida Batel",
        "Rua Comendador Araújo", "Avenida República Argentina", "Rua Mateus Leme",
    ), 9),
    City("Porto Alegre", "RS", 51, "America/Sao_Paulo", (90000, 91999), (-30.12, -29.99), (-51.20, -51.10), (
        "Avenida Ipiranga", "Rua dos Andradas", "Avenida Borges de Medeiros", "Rua Padre Chagas",
        "Avenida Protásio Alves", "Avenida Assis Brasil", "Rua Dona Laura",
    ), 9),
    City("Recife", "PE", 81, "America/Recife", (50000, 52999), (-8.12, -8.00), (-34.96, -34.90), (
        "Avenida Boa Viagem", "Rua da Aurora", "Avenida Conselheiro Aguiar", "Rua do Bom Jesus",
        "Avenida Agamenon Magalhães", "Rua do Hospício", "Avenida Rui Barbosa",
    ), 8),
    City("Salvador", "BA", 71, "America/Bahia", (40000, 42499), (-12.97, -12.88), (-38.50, -38.40), (
        "Avenida Sete de Setembro", "Avenida Tancredo Neves", "Rua Chile", "Avenida Paulo VI",
        "Rua Ceará", "Avenida Antônio Carlos Magalhães", "Rua Marquês de Caravelas",
    ), 8),
    City("Campinas", "SP", 19, "America/Sao_Paulo", (13000, 13139), (-22.95, -22.85), (-47.12, -47.00), (
        "Avenida Norte-Sul", "Rua Barão de Jaguara", "Avenida Francisco Glicério", "Rua Coronel Quirino",
        "Avenida José de Souza Campos", "Rua Conceição", "Avenida Orosimbo Maia",
    ), 9),
)

MALE_NAMES = (
    "João", "José", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos",
    "Luís", "Gabriel", "Rafael", "Daniel", "Marcelo", "Bruno", "Eduardo", "Felipe", "Raimundo",
    "Rodrigo", "Sebastião", "Fábio", "Márcio", "Vinícius", "Caio", "Thiago", "Gustavo", "André",
    "Mateus", "Otávio", "Sérgio", "Cláudio", "Rogério", "Júlio", "Henrique", "Leonardo", "Matheus",
    "Ígor", "Heitor", "Benedito",
)
FEMALE_NAMES = (
    "Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia",
    "Aline", "Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana",
    "Vanessa", "Mariana", "Conceição", "Gabriela", "Beatriz", "Larissa", "Cecília", "Lúcia",
    "Mônica", "Débora", "Tânia", "Helena", "Isabela", "Sônia", "Vitória", "Cláudia", "Renata",
    "Simone", "Raquel", "Flávia", "Fátima", "Graça",
)
# Common surnames first: the generator favours the head of the list.
SURNAMES = (
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
    "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
    "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques",
    "Machado", "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira",
    "Araújo", "Magalhães", "Conceição", "Assunção", "Brandão", "Guimarães", "Falcão", "Simões",
    "Romão", "Patrício", "Damião", "Estêvão", "Lacerda", "Monteiro", "Cavalcanti", "Figueiredo",
    "Siqueira", "Bezerra", "Queiroz", "Nóbrega", "Sá", "Leão",
)
MIDDLE_NAMES = (
    "da Silva", "dos Santos", "de Souza", "de Oliveira", "da Conceição", "de Jesus", "Pereira",
    "Araújo", "Gonçalves", "de Assis", "do Nascimento", "de Lourdes", "Aparecida", "Luiz",
    "Henrique", "Eduarda",
)

COMPANY_SUFFIXES = ("Ltda", "Ltda", "Ltda", "ME", "ME", "S.A.", "EIRELI", "EPP")
COMPANY_TRADES = (
    "Comércio de Alimentos", "Comércio de Materiais de Construção", "Comércio de Autopeças",
    "Comércio de Cosméticos", "Comércio de Móveis", "Comércio de Tecidos",
)
COMPANY_KINDS = (
    "Distribuidora", "Transportadora", "Construtora", "Padaria", "Farmácia", "Supermercado",
    "Auto Peças", "Clínica", "Escola", "Metalúrgica", "Gráfica", "Imobiliária", "Ótica",
    "Papelaria", "Laticínios", "Restaurante", "Academia", "Pet Shop", "Agropecuária", "Confecções",
)
COMPANY_FANCY = (
    "São Jorge", "Santa Luzia", "Bom Preço", "Pão de Ouro", "Horizonte", "Nova Era", "Estrela do Sul",
    "Boa Vista", "Rio Branco", "Primavera", "Ipê Amarelo", "Sabiá", "Aurora", "Três Irmãos",
    "Progresso", "Vitória", "Guaraná", "Itaúna", "Jequitibá", "Açaí", "Paraná", "Minas Gerais",
)
COMPANY_TECH = ("Tecnologia", "Soluções", "Sistemas", "Serviços", "Logística", "Indústria e Comércio")

JOB_TITLES = (
    "Proprietário", "Proprietária", "Sócio-diretor", "Sócia-diretora", "Gerente de compras",
    "Comprador", "Compradora", "Diretor financeiro", "Diretora financeira", "Gerente comercial",
    "Coordenador de TI", "Analista de compras", "Gerente administrativo", "Gerente de loja",
)

FREE_MAIL = ("gmail.com", "gmail.com", "gmail.com", "hotmail.com", "outlook.com", "yahoo.com.br",
             "uol.com.br", "bol.com.br", "terra.com.br")

SOURCES = (  # name, weight, how it moves the odds of winning
    ("Site", 25, 0.00), ("Indicação", 12, 0.12), ("Feira", 8, 0.06), ("Instagram", 18, -0.04),
    ("Google Ads", 20, -0.02), ("LinkedIn", 9, 0.03), ("Ligação fria", 8, -0.10),
)
FORM_SOURCES = {"Site", "Instagram", "Google Ads", "LinkedIn"}  # consent came with the web form

TAGS = (
    "VIP", "Retornar", "Orçamento enviado", "Decisor", "Evento", "Parceiro", "Concorrente",
    "Prioridade", "Pequena empresa", "Grande conta", "Indicação de cliente", "WhatsApp",
)

PRODUCTS = (  # item code, description, unit price in BRL
    ("PLN-ESS", "Plano Essencial – assinatura anual", 1990.00),
    ("PLN-PRO", "Plano Profissional – assinatura anual", 4990.00),
    ("PLN-ENT", "Plano Empresarial – assinatura anual", 12900.00),
    ("USR-ADD", "Usuário adicional", 390.00),
    ("IMP-STD", "Implantação padrão", 2500.00),
    ("TRN-EQP", "Treinamento de equipe (8 h)", 1800.00),
    ("SUP-PRM", "Suporte premium – 12 meses", 3600.00),
    ("MOD-EST", "Módulo de estoque", 1490.00),
    ("MOD-NFE", "Módulo de nota fiscal eletrônica", 990.00),
    ("CNS-HOR", "Consultoria (hora)", 280.00),
)
PRODUCT_NAMES = ("Plano Essencial", "Plano Profissional", "Plano Empresarial", "módulo de estoque",
                 "módulo de nota fiscal", "suporte premium", "treinamento da equipe")
WEEKDAYS = ("segunda", "terça", "quarta", "quinta", "sexta")

# The team the demo workspace belongs to: (username, display name, role, phone).
TEAM = (
    ("mariana.costa", "Mariana Costa", "manager", "+5511987650001"),
    ("ana.souza", "Ana Souza", "rep", "+5511987650002"),
    ("joao.pereira", "João Pereira", "rep", "+5521987650003"),
    ("carlos.araujo", "Carlos Araújo", "rep", "+5531987650004"),
    ("fernanda.lima", "Fernanda Lima", "rep", "+5581987650005"),
)
TEAM_DOMAIN = "vendas-demo.com.br"

# Interaction texts; {first} is the lead's first name, {rep} the rep's, {product} a product.
CALL_ANSWERED = (
    "Conversei com {first}; pediu proposta para o {product}.",
    "{first} tem interesse no {product}, mas quer comparar com o concorrente.",
    "Ligar de novo na {weekday}: o decisor estava em reunião.",
    "Cliente pediu desconto para fechar ainda este mês.",
    "Explicou que o orçamento só libera no próximo trimestre.",
    "Confirmou que hoje usa planilha e quer automatizar o processo.",
    "Tirou dúvidas sobre o {product} e pediu uma demonstração.",
    "Pediu para mandar a proposta por e-mail e falar com o sócio.",
)
CALL_REJECTED = (
    "Sem interesse no momento; já tem fornecedor.",
    "Disse que o preço está acima do orçamento deste ano.",
    "Pediu para não ligar mais neste mês.",
)
CALL_MISSED = (
    "Não atendeu, deixei recado na caixa postal.",
    "Telefone ocupado, tentar à tarde.",
    "Chamou até cair; tentar na {weekday}.",
)
MEETING_NOTES = (
    "Reunião de apresentação do {product} com {first} e o sócio.",
    "Demonstração online; dúvidas sobre integração com o ERP.",
    "Reunião para revisar a proposta e os prazos de implantação.",
    "Negociação de condições de pagamento: pediu parcelamento em 6x.",
    "Apresentei o {product} para a equipe de compras; pediram referências.",
)
VISIT_NOTES = (
    "Visita à loja em {city}: conheci a equipe de vendas.",
    "Visita técnica para levantar requisitos da implantação.",
    "Levei material impresso e amostras; boa recepção.",
    "Visita de relacionamento; {first} comentou que quer ampliar o contrato.",
)
VISIT_MISSED = ("Cliente não estava; deixei cartão com a recepção.",)
PLAIN_NOTES = (
    "Lead recebido via {source}.",
    "Prefere contato pelo WhatsApp no fim da tarde.",
    "Empresa com cerca de {staff} funcionários; decisão passa pelo financeiro.",
    "Cliente atrasou o último boleto; acompanhar com o financeiro.",
    "Já usou um sistema concorrente e não gostou do suporte.",
)
SMS_OUT = (
    "Olá {first}, aqui é {rep}. Podemos conversar amanhã sobre a proposta?",
    "Oi {first}! Enviei a proposta por e-mail, qualquer dúvida estou à disposição.",
    "{first}, lembrete da nossa reunião amanhã às {hour}h.",
    "Olá {first}, tudo bem? Conseguiu ver o material que enviei?",
)
SMS_IN = (
    "Pode ligar amanhã de manhã.",
    "Recebi, vou analisar e te retorno.",
    "Obrigado! Vamos fechar sim.",
    "Agora não posso falar, me manda por e-mail.",
    "Ok, combinado.",
)
OPT_OUT_WORDS = ("SAIR", "PARAR", "CANCELAR")
EMAIL_NOTES = (
    "Proposta comercial enviada com o {product}.",
    "Enviado material de apresentação e estudo de caso.",
    "Cliente pediu nova versão da proposta com desconto.",
    "Follow-up após a reunião com os próximos passos.",
    "Enviado contrato para assinatura eletrônica.",
)
