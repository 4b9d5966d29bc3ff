<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>AuditDialog</name>
    <message>
        <source>History of changes</source>
        <translation>Histórico de alterações</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quem</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Alterações</translation>
    </message>
    <message>
        <source>created</source>
        <translation>criado</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>alterado</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>excluído</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>restaurado</translation>
    </message>
</context>
<context>
    <name>AutomationEditor</name>
    <message>
        <source>New automation</source>
        <translation>Nova automação</translation>
    </message>
    <message>
        <source>Edit automation</source>
        <translation>Editar automação</translation>
    </message>
    <message>
        <source>e.g. Welcome new leads</source>
        <translation>p. ex. Boas-vindas a novos leads</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Ativa</translation>
    </message>
    <message>
        <source>A paused automation enrolls nobody and sends nothing; leads already in it wait.</source>
        <translation>Uma automação pausada não inclui ninguém e não envia nada; os leads que já estão nela ficam aguardando.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Only leads where</source>
        <translation>Só leads em que</translation>
    </message>
    <message>
        <source>Take the lead out of the sequence when they reply</source>
        <translation>Tirar o lead da sequência quando ele responder</translation>
    </message>
    <message>
        <source>Changes to the trigger apply to what happens from now on.</source>
        <translation>Mudanças no gatilho valem para o que acontecer daqui em diante.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Gatilho</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Adicionar passo</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dias</translation>
    </message>
    <message>
        <source>Negative: before the date (e.g. -3 for three days before a renewal)</source>
        <translation>Negativo: antes da data (p. ex. -3 para três dias antes de uma renovação)</translation>
    </message>
    <message>
        <source>e.g. PRICE</source>
        <translation>p. ex. PRECO</translation>
    </message>
    <message>
        <source>the whole reply is the keyword</source>
        <translation>a resposta é só a palavra-chave</translation>
    </message>
    <message>
        <source>the reply contains the keyword</source>
        <translation>a resposta contém a palavra-chave</translation>
    </message>
    <message>
        <source>Every lead created from now on, by hand, import or the API.</source>
        <translation>Todo lead criado daqui em diante, à mão, por importação ou pela API.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>No interaction for</source>
        <translation>Sem interação há</translation>
    </message>
    <message>
        <source>Date field</source>
        <translation>Campo de data</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Diferença</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Palavra-chave</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Correspondência</translation>
    </message>
    <message>
        <source>Score reaches</source>
        <translation>Pontuação atinge</translation>
    </message>
    <message numerus="yes">
        <source>%n SMS segment(s)</source>
        <translation>
            <numerusform>%n segmento de SMS</numerusform>
            <numerusform>%n segmentos de SMS</numerusform>
        </translation>
    </message>
    <message>
        <source>For {name}: “{text}” · {segments}</source>
        <translation>Para {name}: “{text}” · {segments}</translation>
    </message>
    <message>
        <source>after the trigger</source>
        <translation>depois do gatilho</translation>
    </message>
    <message>
        <source>any stage</source>
        <translation>qualquer etapa</translation>
    </message>
    <message>
        <source>Fix the conditions marked in red first.</source>
        <translation>Corrija antes as condições marcadas em vermelho.</translation>
    </message>
</context>
<context>
    <name>Automations</name>
    <message>
        <source>A lead is created</source>
        <translation>Um lead é criado</translation>
    </message>
    <message>
        <source>A lead changes stage</source>
        <translation>Um lead muda de etapa</translation>
    </message>
    <message>
        <source>A lead goes quiet</source>
        <translation>Um lead fica sem interação</translation>
    </message>
    <message>
        <source>A date is reached</source>
        <translation>Uma data chega</translation>
    </message>
    <message>
        <source>A lead replies with a keyword</source>
        <translation>Um lead responde com uma palavra-chave</translation>
    </message>
    <message>
        <source>The score crosses a threshold</source>
        <translation>A pontuação passa de um limite</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Cidade</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Pontuação</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Lead or customer</source>
        <translation>Lead ou cliente</translation>
    </message>
    <message>
        <source>Days since the last interaction</source>
        <translation>Dias desde a última interação</translation>
    </message>
    <message>
        <source>Replied</source>
        <translation>Respondeu</translation>
    </message>
    <message>
        <source>is</source>
        <translation>é</translation>
    </message>
    <message>
        <source>is not</source>
        <translation>não é</translation>
    </message>
    <message>
        <source>is more than</source>
        <translation>é maior que</translation>
    </message>
    <message>
        <source>is at least</source>
        <translation>é no mínimo</translation>
    </message>
    <message>
        <source>is less than</source>
        <translation>é menor que</translation>
    </message>
    <message>
        <source>is at most</source>
        <translation>é no máximo</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>é um destes</translation>
    </message>
    <message>
        <source>is none of</source>
        <translation>não é nenhum destes</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>contém</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>está vazio</translation>
    </message>
    <message>
        <source>is not empty</source>
        <translation>não está vazio</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source> and </source>
        <translation> e </translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>not ({condition})</source>
        <translation>não ({condition})</translation>
    </message>
    <message>
        <source>Match all of these</source>
        <translation>Atender a todas estas</translation>
    </message>
    <message>
        <source>Match any of these</source>
        <translation>Atender a qualquer uma destas</translation>
    </message>
    <message numerus="yes">
        <source>After %n day(s)</source>
        <translation>
            <numerusform>Após %n dia</numerusform>
            <numerusform>Após %n dias</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n hour(s)</source>
        <translation>
            <numerusform>Após %n hora</numerusform>
            <numerusform>Após %n horas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n minute(s)</source>
        <translation>
            <numerusform>Após %n minuto</numerusform>
            <numerusform>Após %n minutos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n day(s) without an interaction</source>
        <translation>
            <numerusform>Após %n dia sem interação</numerusform>
            <numerusform>Após %n dias sem interação</numerusform>
        </translation>
    </message>
    <message>
        <source>At once</source>
        <translation>Imediatamente</translation>
    </message>
    <message>
        <source>template “{name}”</source>
        <translation>modelo “{name}”</translation>
    </message>
    <message>
        <source>text “{body}”</source>
        <translation>texto “{body}”</translation>
    </message>
    <message>
        <source>{n}. {when}: send {what}</source>
        <translation>{n}. {when}: enviar {what}</translation>
    </message>
    <message>
        <source>otherwise end</source>
        <translation>senão, encerrar</translation>
    </message>
    <message>
        <source>otherwise skip</source>
        <translation>senão, pular</translation>
    </message>
    <message>
        <source>(only if {condition}; {otherwise})</source>
        <translation>(só se {condition}; {otherwise})</translation>
    </message>
    <message>
        <source>When a lead moves from {from_} to {to}</source>
        <translation>Quando um lead passa de {from_} para {to}</translation>
    </message>
    <message>
        <source>When a lead moves to {to}</source>
        <translation>Quando um lead passa para {to}</translation>
    </message>
    <message>
        <source>When a lead leaves {from_}</source>
        <translation>Quando um lead sai de {from_}</translation>
    </message>
    <message>
        <source>When a lead changes stage</source>
        <translation>Quando um lead muda de etapa</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before the date in “{field}”</source>
        <translation>
            <numerusform>%n dia antes da data em “{field}”</numerusform>
            <numerusform>%n dias antes da data em “{field}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) after the date in “{field}”</source>
        <translation>
            <numerusform>%n dia depois da data em “{field}”</numerusform>
            <numerusform>%n dias depois da data em “{field}”</numerusform>
        </translation>
    </message>
    <message>
        <source>On the date in “{field}”</source>
        <translation>Na data em “{field}”</translation>
    </message>
    <message>
        <source>When a lead is created</source>
        <translation>Quando um lead é criado</translation>
    </message>
    <message>
        <source>When a reply contains “{keyword}”</source>
        <translation>Quando uma resposta contém “{keyword}”</translation>
    </message>
    <message>
        <source>When a lead replies “{keyword}”</source>
        <translation>Quando um lead responde “{keyword}”</translation>
    </message>
    <message>
        <source>When the score reaches {threshold}</source>
        <translation>Quando a pontuação atinge {threshold}</translation>
    </message>
    <message>
        <source>only if {condition}</source>
        <translation>só se {condition}</translation>
    </message>
    <message>
        <source>continues after a reply</source>
        <translation>continua após uma resposta</translation>
    </message>
</context>
<context>
    <name>AutomationsModel</name>
    <message>
        <source>Automation</source>
        <translation>Automação</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Passos</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>SMS sent</source>
        <translation>Enviados</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>Última atividade</translation>
    </message>
    <message>
        <source>Tick to run the automation, untick to pause it</source>
        <translation>Marque para ativar a automação; desmarque para pausá-la</translation>
    </message>
    <message>
        <source>In the sequence now; completed every step; left early (replied, opted out, won, lost or taken out)</source>
        <translation>Na sequência agora; concluíram todos os passos; saíram antes (responderam, se descadastraram, foram ganhos, perdidos ou retirados)</translation>
    </message>
    <message>
        <source>Messages handed to Twilio, of all the automation queued</source>
        <translation>Mensagens entregues ao Twilio, do total que a automação colocou na fila</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n falhou</numerusform>
            <numerusform>%n falharam</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} (paused)</source>
        <translation>{name} (pausada)</translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n outra)</numerusform>
            <numerusform> (+%n outras)</numerusform>
        </translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message numerus="yes">
        <source>%n in the sequence</source>
        <translation>
            <numerusform>%n na sequência</numerusform>
            <numerusform>%n na sequência</numerusform>
        </translation>
    </message>
    <message>
        <source>{done} completed · {ended} left early</source>
        <translation>{done} concluíram · {ended} saíram antes</translation>
    </message>
    <message>
        <source>{sent} of {queued}</source>
        <translation>{sent} de {queued}</translation>
    </message>
</context>
<context>
    <name>AutomationsView</name>
    <message>
        <source>Entered the sequence</source>
        <translation>Entrou na sequência</translation>
    </message>
    <message>
        <source>Completed every step</source>
        <translation>Concluiu todos os passos</translation>
    </message>
    <message>
        <source>SMS {state}</source>
        <translation>SMS: {state}</translation>
    </message>
    <message>
        <source>Automations</source>
        <translation>Automações</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Change the trigger and the steps of the selected automation</source>
        <translation>Alterar o gatilho e os passos da automação selecionada</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>New automation</source>
        <translation>Nova automação</translation>
    </message>
    <message>
        <source>Send SMS automatically when something happens to a lead</source>
        <translation>Enviar SMS automaticamente quando algo acontece com um lead</translation>
    </message>
    <message>
        <source>Show all automations</source>
        <translation>Mostrar todas as automações</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Automation</source>
        <translation>Automação</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>What</source>
        <translation>O quê</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>No automations yet.
Create one to welcome new leads, follow up leads that went quiet, remind a customer before a renewal or answer a keyword — the app sends while it is open, and `aiconnect automations run` sends from a server.</source>
        <translation>Nenhuma automação ainda.
Crie uma para dar boas-vindas a novos leads, retomar leads que sumiram, lembrar um cliente antes de uma renovação ou responder a uma palavra-chave — o app envia enquanto estiver aberto, e `aiconnect automations run` envia a partir de um servidor.</translation>
    </message>
    <message numerus="yes">
        <source>%n automation(s)</source>
        <translation>
            <numerusform>%n automação</numerusform>
            <numerusform>%n automações</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active</source>
        <translation>
            <numerusform>%n ativa</numerusform>
            <numerusform>%n ativas</numerusform>
        </translation>
    </message>
    <message>
        <source>What “{name}” did</source>
        <translation>O que “{name}” fez</translation>
    </message>
    <message>
        <source>What the automations did</source>
        <translation>O que as automações fizeram</translation>
    </message>
    <message>
        <source>Nothing yet: leads enter when the trigger happens; the app checks every few seconds while it is open.</source>
        <translation>Nada ainda: os leads entram quando o gatilho acontece; o app verifica a cada poucos segundos enquanto estiver aberto.</translation>
    </message>
    <message>
        <source>Automation “{name}” saved.</source>
        <translation>Automação “{name}” salva.</translation>
    </message>
    <message>
        <source>“{name}” is running.</source>
        <translation>“{name}” está ativa.</translation>
    </message>
    <message>
        <source>“{name}” is paused: it enrolls nobody and sends nothing until resumed.</source>
        <translation>“{name}” está pausada: não inclui ninguém e não envia nada até ser retomada.</translation>
    </message>
    <message>
        <source>Delete automation</source>
        <translation>Excluir automação</translation>
    </message>
    <message numerus="yes">
        <source>Delete “{name}”? %n lead(s) still in it leave the sequence and what it queued but did not send is canceled. Messages already sent stay on the leads&apos; timelines.

To stop it for a while, pause it instead.</source>
        <translation>
            <numerusform>Excluir “{name}”? %n lead que ainda está nela sai da sequência, e o que ela colocou na fila e ainda não enviou é cancelado. As mensagens já enviadas continuam na linha do tempo dos leads.

Para interrompê-la por um tempo, pause-a em vez de excluir.</numerusform>
            <numerusform>Excluir “{name}”? %n leads que ainda estão nela saem da sequência, e o que ela colocou na fila e ainda não enviou é cancelado. As mensagens já enviadas continuam na linha do tempo dos leads.

Para interrompê-la por um tempo, pause-a em vez de excluir.</numerusform>
        </translation>
    </message>
    <message>
        <source>Automation “{name}” deleted.</source>
        <translation>Automação “{name}” excluída.</translation>
    </message>
    <message numerus="yes">
        <source>%n queued message(s) canceled.</source>
        <translation>
            <numerusform>%n mensagem na fila cancelada.</numerusform>
            <numerusform>%n mensagens na fila canceladas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Retomar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message>
        <source>No value</source>
        <translation>Sem valor</translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <comment>days in stage</comment>
        <translation>
            <numerusform>%n d</numerusform>
            <numerusform>%n d</numerusform>
        </translation>
    </message>
    <message>
        <source>No owner</source>
        <translation>Sem responsável</translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message>
        <source>Send SMS</source>
        <translation>Enviar SMS</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Para:</translation>
    </message>
    <message>
        <source>Write a new message</source>
        <translation>Escrever uma nova mensagem</translation>
    </message>
    <message>
        <source>Olá {{ lead.first_name }}, … — type the message; use Insert variable to personalize it.</source>
        <translation>Olá {{ lead.first_name }}, … — digite a mensagem; use Inserir variável para personalizá-la.</translation>
    </message>
    <message>
        <source>T&amp;emplate:</source>
        <translation>&amp;Modelo:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Prévia</translation>
    </message>
    <message>
        <source>Previous recipient</source>
        <translation>Destinatário anterior</translation>
    </message>
    <message>
        <source>Next recipient</source>
        <translation>Próximo destinatário</translation>
    </message>
    <message>
        <source>Messages are queued and sent in the background, only to leads with SMS consent, inside their sending hours.</source>
        <translation>As mensagens entram na fila e são enviadas em segundo plano, só para leads com consentimento de SMS e dentro do horário de envio de cada um.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Finding the recipients…</source>
        <translation>Buscando os destinatários…</translation>
    </message>
    <message>
        <source>Segment: {name}</source>
        <translation>Segmento: {name}</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>contando…</translation>
    </message>
    <message numerus="yes">
        <source>%n lead(s)</source>
        <translation>
            <numerusform>%n lead</numerusform>
            <numerusform>%n leads</numerusform>
        </translation>
    </message>
    <message>
        <source>No lead to send to.</source>
        <translation>Nenhum lead para enviar.</translation>
    </message>
    <message>
        <source>Write the message or choose a template.</source>
        <translation>Escreva a mensagem ou escolha um modelo.</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n recipient(s)…</source>
        <translation>
            <numerusform>Verificando %n destinatário…</numerusform>
            <numerusform>Verificando %n destinatários…</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix the message to see who will receive it.</source>
        <translation>Corrija a mensagem para ver quem vai recebê-la.</translation>
    </message>
    <message>
        <source>{name} · {n} of {total}</source>
        <translation>{name} · {n} de {total}</translation>
    </message>
    <message>
        <source>This lead will be skipped: {reason}.</source>
        <translation>Este lead será ignorado: {reason}.</translation>
    </message>
    <message>
        <source>Queuing…</source>
        <translation>Colocando na fila…</translation>
    </message>
    <message numerus="yes">
        <source>Send to %n lead(s)</source>
        <translation>
            <numerusform>Enviar para %n lead</numerusform>
            <numerusform>Enviar para %n leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) queued; they are sent in the background.</source>
        <translation>
            <numerusform>%n mensagem na fila; ela será enviada em segundo plano.</numerusform>
            <numerusform>%n mensagens na fila; elas serão enviadas em segundo plano.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held until the recipient&apos;s sending hours.</source>
        <translation>
            <numerusform>%n retida até o horário de envio do destinatário.</numerusform>
            <numerusform>%n retidas até o horário de envio dos destinatários.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lead(s) skipped.</source>
        <translation>
            <numerusform>%n lead ignorado.</numerusform>
            <numerusform>%n leads ignorados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every lead in the list</source>
        <translation>Todos os leads da lista</translation>
    </message>
</context>
<context>
    <name>ConditionEditor</name>
    <message>
        <source>How the conditions combine</source>
        <translation>Como as condições se combinam</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condição</translation>
    </message>
    <message>
        <source>Add a comparison such as “Stage is New”</source>
        <translation>Adicionar uma comparação como “Etapa é Novo”</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Add a group of conditions with its own all/any, e.g. (City is Recife or City is Olinda)</source>
        <translation>Adicionar um grupo de condições com o seu próprio todas/qualquer uma, p. ex. (Cidade é Recife ou Cidade é Olinda)</translation>
    </message>
    <message>
        <source>otherwise skip this step</source>
        <translation>senão, pular este passo</translation>
    </message>
    <message>
        <source>otherwise end the sequence</source>
        <translation>senão, encerrar a sequência</translation>
    </message>
    <message>
        <source>In words: {condition}</source>
        <translation>Em palavras: {condition}</translation>
    </message>
</context>
<context>
    <name>ConditionGroup</name>
    <message>
        <source>not</source>
        <translation>não</translation>
    </message>
    <message>
        <source>Turn the group around: it holds when it is not true</source>
        <translation>Inverte o grupo: ele vale quando não for verdadeiro</translation>
    </message>
    <message>
        <source>How the conditions of this group combine</source>
        <translation>Como as condições deste grupo se combinam</translation>
    </message>
    <message>
        <source>Remove this group</source>
        <translation>Remover este grupo</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condição</translation>
    </message>
    <message>
        <source>Add a condition to this group</source>
        <translation>Adicionar uma condição a este grupo</translation>
    </message>
    <message>
        <source>Add a condition to this group, or remove the group.</source>
        <translation>Adicione uma condição a este grupo ou remova o grupo.</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <source>not</source>
        <translation>não</translation>
    </message>
    <message>
        <source>Turn the comparison around: the row holds when it is not true</source>
        <translation>Inverte a comparação: a linha vale quando ela não for verdadeira</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparação</translation>
    </message>
    <message>
        <source>value (commas for several)</source>
        <translation>valor (vírgulas para vários)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>Remover esta condição</translation>
    </message>
    <message>
        <source>Type a value, or choose “is empty”.</source>
        <translation>Digite um valor ou escolha “está vazio”.</translation>
    </message>
</context>
<context>
    <name>ConsentWordsBox</name>
    <message>
        <source>Opt out:</source>
        <translation>Descadastro:</translation>
    </message>
    <message>
        <source>Opt back in:</source>
        <translation>Voltar a receber:</translation>
    </message>
    <message>
        <source>Help:</source>
        <translation>Ajuda:</translation>
    </message>
    <message>
        <source>Case, accents and punctuation do not matter, and polite words around a word are fine (“Pare, por favor”). In a longer reply only a request to stop the messages opts out (“pare de me mandar mensagem”, “me tira da lista”); a word alone in a sentence does not (“não quero perder a promoção”). Opting back in and help need the word alone. Words in bold are Twilio&apos;s own: Twilio also blocks or unblocks the number on them; on the others only AIConnect stops sending.</source>
        <translation>Maiúsculas, acentos e pontuação não importam, e palavras de cortesia em volta da palavra são aceitas (“Pare, por favor”). Numa resposta mais longa, só um pedido para parar as mensagens descadastra (“pare de me mandar mensagem”, “me tira da lista”); uma dessas palavras solta no meio de uma frase não descadastra (“não quero perder a promoção”). Para voltar a receber e para pedir ajuda, a palavra precisa vir sozinha. As palavras em negrito são do próprio Twilio: com elas, o Twilio também bloqueia ou desbloqueia o número; com as demais, só o AIConnect para de enviar.</translation>
    </message>
    <message>
        <source>The words in replies that AIConnect recognises; they cannot be changed here.</source>
        <translation>As palavras nas respostas que o AIConnect reconhece; elas não podem ser alteradas aqui.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>AIConnect: unexpected error</source>
        <translation>AIConnect: erro inesperado</translation>
    </message>
    <message>
        <source>Something went wrong inside AIConnect</source>
        <translation>Algo deu errado no AIConnect</translation>
    </message>
    <message>
        <source>This is a bug, not something you did. Your saved data is safe; the action that failed may not have completed. Copy the report below and send it to your administrator or to support.</source>
        <translation>Isto é uma falha do programa, não algo que você fez. Seus dados salvos estão seguros; a ação que falhou pode não ter sido concluída. Copie o relatório abaixo e envie ao administrador ou ao suporte.</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>Copiar relatório</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir pasta de logs</translation>
    </message>
</context>
<context>
    <name>DailyBackup</name>
    <message>
        <source>The daily backup of the workspace could not be written: {reason}</source>
        <translation>Não foi possível gravar o backup diário do espaço de trabalho: {reason}</translation>
    </message>
</context>
<context>
    <name>DurationWords</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dia</numerusform>
            <numerusform>%n dias</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Some fields need attention: {problems}</source>
        <translation>Alguns campos precisam de atenção: {problems}</translation>
    </message>
    <message>
        <source>Someone else changed this record meanwhile: {detail}</source>
        <translation>Outra pessoa alterou este registro nesse meio-tempo: {detail}</translation>
    </message>
    <message>
        <source>Not found: {detail}. It may have been deleted meanwhile.</source>
        <translation>Não encontrado: {detail}. Pode ter sido excluído nesse meio-tempo.</translation>
    </message>
    <message>
        <source>Canceled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>The disk is full at {path}. Free some space and try again.</source>
        <translation>O disco está cheio em {path}. Libere espaço e tente de novo.</translation>
    </message>
    <message>
        <source>Cannot write {path}: the disk or folder is read-only.</source>
        <translation>Não é possível gravar em {path}: o disco ou a pasta é somente leitura.</translation>
    </message>
    <message>
        <source>Permission denied: {path}. Choose another file or folder.</source>
        <translation>Permissão negada: {path}. Escolha outro arquivo ou pasta.</translation>
    </message>
    <message>
        <source>File not found: {path}</source>
        <translation>Arquivo não encontrado: {path}</translation>
    </message>
    <message>
        <source>The file could not be read or written: {detail}</source>
        <translation>Não foi possível ler ou gravar o arquivo: {detail}</translation>
    </message>
    <message>
        <source>Something went wrong inside AIConnect. The details are in the log; your data is safe. Please report this if it happens again.</source>
        <translation>Algo deu errado no AIConnect. Os detalhes estão no log; seus dados estão seguros. Se acontecer de novo, por favor relate o problema.</translation>
    </message>
    <message>
        <source>The database is busy (another task or program is writing). Try again in a moment.</source>
        <translation>O banco de dados está ocupado (outra tarefa ou programa está gravando). Tente de novo em instantes.</translation>
    </message>
    <message>
        <source>The disk holding the database is full; nothing was saved. Free some space and try again.</source>
        <translation>O disco do banco de dados está cheio; nada foi salvo. Libere espaço e tente de novo.</translation>
    </message>
    <message>
        <source>The database cannot be written (its file or folder is read-only): {detail}</source>
        <translation>Não é possível gravar no banco de dados (o arquivo ou a pasta dele é somente leitura): {detail}</translation>
    </message>
    <message>
        <source>The database file is damaged ({detail}). Quit AIConnect and restore the newest backup with `aiconnect db restore`.</source>
        <translation>O arquivo do banco de dados está danificado ({detail}). Feche o AIConnect e restaure o backup mais recente com `aiconnect db restore`.</translation>
    </message>
    <message>
        <source>Your database login is not allowed to do this ({detail}). Ask your administrator to grant it.</source>
        <translation>Seu usuário do banco de dados não tem permissão para fazer isso ({detail}). Peça essa permissão ao seu administrador.</translation>
    </message>
    <message>
        <source>This is too complex for the database (a search with very many words?). Use fewer words or filters.</source>
        <translation>Isto é complexo demais para o banco de dados (uma busca com palavras demais?). Use menos palavras ou filtros.</translation>
    </message>
    <message>
        <source>The database server refused your login ({detail}). Check your user name and password, or ask your administrator.</source>
        <translation>O servidor do banco de dados recusou seu login ({detail}). Verifique seu nome de usuário e senha, ou fale com o seu administrador.</translation>
    </message>
    <message>
        <source>The database does not exist on the server ({detail}). Check the server settings.</source>
        <translation>O banco de dados não existe no servidor ({detail}). Verifique as configurações do servidor.</translation>
    </message>
    <message>
        <source>The connection to the database server was lost ({detail}). Check the network; AIConnect reconnects on the next action.</source>
        <translation>A conexão com o servidor do banco de dados caiu ({detail}). Verifique a rede; o AIConnect se reconecta na próxima ação.</translation>
    </message>
    <message>
        <source>The database could not be reached: {detail}. Check the connection and try again.</source>
        <translation>Não foi possível acessar o banco de dados: {detail}. Verifique a conexão e tente de novo.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Desfazer</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <source>Row</source>
        <translation>Linha</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Coluna</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message numerus="yes">
        <source>The %Ln lead(s) in the list, with its search and filters.</source>
        <translation>
            <numerusform>O %Ln lead da lista, com a busca e os filtros aplicados.</numerusform>
            <numerusform>Os %Ln leads da lista, com a busca e os filtros aplicados.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln lead(s).</source>
        <translation>
            <numerusform>O único lead (%Ln).</numerusform>
            <numerusform>Todos os %Ln leads.</numerusform>
        </translation>
    </message>
    <message>
        <source>The leads in the list.</source>
        <translation>Os leads da lista.</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>Their interactions</source>
        <translation>As interações desses leads</translation>
    </message>
    <message>
        <source>CSV (Excel, Google Sheets, any CRM)</source>
        <translation>CSV (Excel, Planilhas Google, qualquer CRM)</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Pasta de trabalho do Excel (.xlsx)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Salvar em</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportar para</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Excel workbook (*.xlsx)</source>
        <translation>CSV (*.csv);;Pasta de trabalho do Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>Exported {rows} rows to {path}.</source>
        <translation>{rows} linhas exportadas para {path}.</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Abrir pasta</translation>
    </message>
</context>
<context>
    <name>FilterButton</name>
    <message>
        <source>Show all</source>
        <translation>Mostrar todos</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(nenhum ainda)</translation>
    </message>
    <message>
        <source>{title}: {value}</source>
        <translation>{title}: {value}</translation>
    </message>
    <message>
        <source>{title} ({count})</source>
        <translation>{title} ({count})</translation>
    </message>
</context>
<context>
    <name>FixedCondition</name>
    <message>
        <source>Kept as written: {condition}</source>
        <translation>Mantida como está: {condition}</translation>
    </message>
    <message>
        <source>This part is nested too deeply to edit here; it is saved unchanged unless you replace it.</source>
        <translation>Esta parte tem níveis demais para editar aqui; ela é salva sem mudanças, a menos que você a substitua.</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Substituir</translation>
    </message>
    <message>
        <source>Replace this part with a comparison you can edit</source>
        <translation>Substituir esta parte por uma comparação que você pode editar</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>Remover esta condição</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>Escolha o arquivo a importar</translation>
    </message>
    <message>
        <source>CSV (comma, semicolon or tab separated, any common encoding) or Excel .xlsx, with a header row. The next step shows how its columns will be read; nothing is written until you confirm the import.</source>
        <translation>CSV (separado por vírgula, ponto e vírgula ou tabulação, em qualquer codificação comum) ou Excel .xlsx, com uma linha de cabeçalho. A próxima etapa mostra como as colunas serão lidas; nada é gravado até você confirmar a importação.</translation>
    </message>
    <message>
        <source>File to import</source>
        <translation>Arquivo a importar</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>Leads and customers</source>
        <translation>Leads e clientes</translation>
    </message>
    <message>
        <source>Interactions (calls, visits, notes…)</source>
        <translation>Interações (ligações, visitas, anotações…)</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>Compras</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Arquivo</translation>
    </message>
    <message>
        <source>It holds</source>
        <translation>Conteúdo</translation>
    </message>
    <message>
        <source>Check how the columns are read</source>
        <translation>Confira como as colunas serão lidas</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Coluna no arquivo</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>Primeiros valores</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>Importar como</translation>
    </message>
    <message>
        <source>Skip them (keep what is in AIConnect)</source>
        <translation>Ignorar (manter o que já está no AIConnect)</translation>
    </message>
    <message>
        <source>Update the existing lead with the file&apos;s values</source>
        <translation>Atualizar o lead existente com os valores do arquivo</translation>
    </message>
    <message>
        <source>Import them as new leads anyway</source>
        <translation>Importar como novos leads mesmo assim</translation>
    </message>
    <message>
        <source>Leads already in AIConnect (same e-mail, phone or external id):</source>
        <translation>Leads que já estão no AIConnect (mesmo e-mail, telefone ou ID externo):</translation>
    </message>
    <message>
        <source>Preview of the first rows</source>
        <translation>Prévia das primeiras linhas</translation>
    </message>
    <message>
        <source>Check result (nothing was written)</source>
        <translation>Resultado da verificação (nada foi gravado)</translation>
    </message>
    <message>
        <source>Rows read</source>
        <translation>Linhas lidas</translation>
    </message>
    <message>
        <source>Would be created</source>
        <translation>Seriam criados</translation>
    </message>
    <message>
        <source>Would be updated</source>
        <translation>Seriam atualizados</translation>
    </message>
    <message>
        <source>Duplicates skipped</source>
        <translation>Duplicados ignorados</translation>
    </message>
    <message>
        <source>Rows with problems</source>
        <translation>Linhas com problemas</translation>
    </message>
    <message>
        <source>Save error report…</source>
        <translation>Salvar relatório de erros…</translation>
    </message>
    <message>
        <source>Import only the valid rows (skip the rows with problems)</source>
        <translation>Importar só as linhas válidas (ignorar as linhas com problemas)</translation>
    </message>
    <message>
        <source>Step {n} of 4</source>
        <translation>Etapa {n} de 4</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Avançar</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Stopping… nothing will be written.</source>
        <translation>Parando… nada será gravado.</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.xlsx);;All files (*)</source>
        <translation>Tabelas (*.csv *.tsv *.txt *.xlsx);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>{source}: {columns} columns. Each column was matched to a field by its name; change any that is wrong, or choose “ignore” to leave it out.</source>
        <translation>{source}: {columns} colunas. Cada coluna foi associada a um campo pelo nome; corrija as que estiverem erradas ou escolha “ignorar” para deixá-las de fora.</translation>
    </message>
    <message>
        <source>— ignore —</source>
        <translation>— ignorar —</translation>
    </message>
    <message>
        <source>custom field “{name}”</source>
        <translation>campo personalizado “{name}”</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>Verificando o arquivo…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importando…</translation>
    </message>
    <message>
        <source>{done} of about {total} rows</source>
        <translation>{done} de cerca de {total} linhas</translation>
    </message>
    <message>
        <source>Stopped. Nothing was written.</source>
        <translation>Interrompido. Nada foi gravado.</translation>
    </message>
    <message>
        <source>{count} problems; {shown} shown. Fix the file and check again, or import only the valid rows.</source>
        <translation>{count} problemas; {shown} exibidos. Corrija o arquivo e verifique de novo, ou importe só as linhas válidas.</translation>
    </message>
    <message>
        <source>No problems found. Ready to import.</source>
        <translation>Nenhum problema encontrado. Tudo pronto para importar.</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Importação concluída</translation>
    </message>
    <message>
        <source>{created} created, {updated} updated, {skipped} duplicates skipped, {errors} rows with problems left out.</source>
        <translation>{created} criados, {updated} atualizados, {skipped} duplicados ignorados, {errors} linhas com problemas deixadas de fora.</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Nada foi importado</translation>
    </message>
    <message>
        <source>{errors} rows have problems, so nothing was written. Go back, fix the file or import only the valid rows.</source>
        <translation>{errors} linhas têm problemas, por isso nada foi gravado. Volte e corrija o arquivo, ou importe só as linhas válidas.</translation>
    </message>
    <message>
        <source>Save error report</source>
        <translation>Salvar relatório de erros</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Error report saved to {path}.</source>
        <translation>Relatório de erros salvo em {path}.</translation>
    </message>
</context>
<context>
    <name>Insights</name>
    <message>
        <source>Lead scoring</source>
        <translation>Pontuação de leads</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmentos</translation>
    </message>
    <message>
        <source>Next best action</source>
        <translation>Próxima melhor ação</translation>
    </message>
    <message>
        <source>Product recommendations</source>
        <translation>Recomendação de produtos</translation>
    </message>
    <message>
        <source>The chance each open lead converts, learned from the leads your team won and lost.</source>
        <translation>A chance de cada lead em aberto converter, aprendida com os leads que a sua equipe ganhou e perdeu.</translation>
    </message>
    <message>
        <source>Groups leads and customers by how recent, frequent, valuable and engaged they are.</source>
        <translation>Agrupa leads e clientes por recência, frequência, valor e engajamento.</translation>
    </message>
    <message>
        <source>Which message, channel or action to use next, learned from logged actions and their outcomes.</source>
        <translation>Qual mensagem, canal ou ação usar em seguida, aprendido com as ações registradas e seus resultados.</translation>
    </message>
    <message>
        <source>What each customer is most likely to buy next, learned from purchase history.</source>
        <translation>O que cada cliente tem mais chance de comprar em seguida, aprendido com o histórico de compras.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln closed lead(s)</source>
        <translation>
            <numerusform>%Ln lead fechado</numerusform>
            <numerusform>%Ln leads fechados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s)</source>
        <translation>
            <numerusform>%Ln lead</numerusform>
            <numerusform>%Ln leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln logged action(s)</source>
        <translation>
            <numerusform>%Ln ação registrada</numerusform>
            <numerusform>%Ln ações registradas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln purchase(s)</source>
        <translation>
            <numerusform>%Ln compra</numerusform>
            <numerusform>%Ln compras</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln segment(s)</source>
        <translation>
            <numerusform>%Ln segmento</numerusform>
            <numerusform>%Ln segmentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln won</source>
        <translation>
            <numerusform>%Ln ganho</numerusform>
            <numerusform>%Ln ganhos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lost</source>
        <translation>
            <numerusform>%Ln perdido</numerusform>
            <numerusform>%Ln perdidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last contact %Ln day(s) ago</source>
        <translation>
            <numerusform>último contato há %Ln dia</numerusform>
            <numerusform>último contato há %Ln dias</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln interaction(s) in the last 30 days</source>
        <translation>
            <numerusform>%Ln interação nos últimos 30 dias</numerusform>
            <numerusform>%Ln interações nos últimos 30 dias</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln SMS repl(ies)</source>
        <translation>
            <numerusform>%Ln resposta por SMS</numerusform>
            <numerusform>%Ln respostas por SMS</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln up</source>
        <translation>
            <numerusform>%Ln positivo</numerusform>
            <numerusform>%Ln positivos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln down</source>
        <translation>
            <numerusform>%Ln negativo</numerusform>
            <numerusform>%Ln negativos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Value of following the suggestions, estimated on the newest %Ln logged action(s):</source>
        <translation>
            <numerusform>Valor de seguir as sugestões, estimado na ação registrada mais recente (%Ln):</numerusform>
            <numerusform>Valor de seguir as sugestões, estimado nas %Ln ações registradas mais recentes:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the data weigh as only %Ln independent action(s)</source>
        <translation>
            <numerusform>os dados valem só %Ln ação independente</numerusform>
            <numerusform>os dados valem só %Ln ações independentes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Suggestions rewritten for %Ln lead(s).</source>
        <translation>
            <numerusform>Sugestões refeitas para %Ln lead.</numerusform>
            <numerusform>Sugestões refeitas para %Ln leads.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open lead(s) scored again.</source>
        <translation>
            <numerusform>%Ln lead aberto pontuado de novo.</numerusform>
            <numerusform>%Ln leads abertos pontuados de novo.</numerusform>
        </translation>
    </message>
    <message>
        <source>AUC {value} on the newest leads</source>
        <translation>AUC {value} nos leads recentes</translation>
    </message>
    <message>
        <source>How well it ranks a lead that converts above one that does not, measured on the most recently closed leads it had not seen: 0.50 is a coin toss, 1.00 is perfect.</source>
        <translation>O quanto o modelo coloca um lead que converte acima de um que não converte, medido nos leads fechados mais recentes, que ele não tinha visto: 0,50 é cara ou coroa, 1,00 é perfeito.</translation>
    </message>
    <message>
        <source>AUC {value}</source>
        <translation>AUC {value}</translation>
    </message>
    <message>
        <source>0.50 is a coin toss, 1.00 is perfect.</source>
        <translation>0,50 é cara ou coroa, 1,00 é perfeito.</translation>
    </message>
    <message>
        <source>Brier {value}</source>
        <translation>Brier {value}</translation>
    </message>
    <message>
        <source>Calibration: how close the chances are to what happened (lower is better; 0 is perfect).</source>
        <translation>Calibração: o quanto as chances se aproximam do que de fato aconteceu (quanto menor, melhor; 0 é perfeito).</translation>
    </message>
    <message>
        <source>Top 10% convert ×{value}</source>
        <translation>Top 10% convertem ×{value}</translation>
    </message>
    <message>
        <source>Leads in the top tenth of scores convert this many times more often than average.</source>
        <translation>Os leads nos 10% de maior pontuação convertem esse número de vezes a mais que a média.</translation>
    </message>
    <message>
        <source>Separation {value}</source>
        <translation>Separação {value}</translation>
    </message>
    <message>
        <source>How distinct the segments are (silhouette, from −1 to 1; above 0.5 is clear).</source>
        <translation>O quanto os segmentos se distinguem (silhueta, de −1 a 1; acima de 0,5 é uma separação clara).</translation>
    </message>
    <message>
        <source>Recall@10 {value}</source>
        <translation>Recall@10 {value}</translation>
    </message>
    <message>
        <source>Share of the products bought later that were among the ten recommended.</source>
        <translation>Parcela dos produtos comprados depois que estavam entre os dez recomendados.</translation>
    </message>
    <message>
        <source>Hit rate {value}</source>
        <translation>Taxa de acerto {value}</translation>
    </message>
    <message>
        <source>Share of customers who bought at least one recommended product.</source>
        <translation>Parcela dos clientes que compraram pelo menos um produto recomendado.</translation>
    </message>
    <message>
        <source>Gain over the best single action {value}</source>
        <translation>Ganho sobre a melhor ação única {value}</translation>
    </message>
    <message>
        <source>How much better the learned choice did than always using the best single action.</source>
        <translation>O quanto a escolha aprendida foi melhor do que usar sempre a melhor ação única.</translation>
    </message>
    <message>
        <source>Calibration on the newest closed leads:</source>
        <translation>Calibração nos leads fechados mais recentes:</translation>
    </message>
    <message>
        <source>predicted {predicted} → converted {observed} ({leads})</source>
        <translation>previsto {predicted} → converteram {observed} ({leads})</translation>
    </message>
    <message>
        <source>Recall@{k}</source>
        <translation>Recall@{k}</translation>
    </message>
    <message>
        <source>{measure} {new} &lt; {old} of v{version}, in use then</source>
        <translation>{measure} {new} &lt; {old} da v{version}, em uso na época</translation>
    </message>
    <message>
        <source>{value} ({low}–{high})</source>
        <translation>{value} ({low}–{high})</translation>
    </message>
    <message>
        <source>{share} of the matching actions had a chance so low it was capped</source>
        <translation>{share} das ações correspondentes tinham chance tão baixa que o peso foi limitado</translation>
    </message>
    <message>
        <source>{share} of the choices are actions reps almost never took for such leads</source>
        <translation>{share} das escolhas são ações que os vendedores quase nunca fizeram com leads assim</translation>
    </message>
    <message>
        <source>following them: {estimate} good outcomes</source>
        <translation>seguindo as sugestões: {estimate} de bons resultados</translation>
    </message>
    <message>
        <source>following them: not measured. What the reps did overlaps too little with what the model suggests ({why}), so a number would look more precise than it is.</source>
        <translation>seguindo as sugestões: não medido. O que os vendedores fizeram coincide pouco demais com o que o modelo sugere ({why}), então um número pareceria mais preciso do que é.</translation>
    </message>
    <message>
        <source>what the reps did: {estimate}</source>
        <translation>o que os vendedores fizeram: {estimate}</translation>
    </message>
    <message>
        <source>always “{action}”: {estimate}</source>
        <translation>sempre “{action}”: {estimate}</translation>
    </message>
    <message>
        <source>A good outcome is a reply, a step forward or a win within 14 days. Doubly robust estimate on actions the model had not seen, with the chance of each action estimated from the lead data (95% intervals). It holds only if what the reps based their choice on is in that data.</source>
        <translation>Um bom resultado é uma resposta, um avanço de etapa ou um fechamento em até 14 dias. Estimativa duplamente robusta em ações que o modelo não tinha visto, com a chance de cada ação estimada a partir dos dados do lead (intervalos de 95%). Só vale se aquilo em que os vendedores basearam a escolha estiver nesses dados.</translation>
    </message>
    <message>
        <source>not measured ({why})</source>
        <translation>não medido ({why})</translation>
    </message>
    <message>
        <source>{model}: put v{new} in use instead of v{old}?</source>
        <translation>{model}: usar a v{new} no lugar da v{old}?</translation>
    </message>
    <message>
        <source>{model}: put v{new} in use?</source>
        <translation>{model}: usar a v{new}?</translation>
    </message>
    <message>
        <source>no quality measure</source>
        <translation>sem medida de qualidade</translation>
    </message>
    <message>
        <source>v{version} (trained {when}): {quality}</source>
        <translation>v{version} (treinada em {when}): {quality}</translation>
    </message>
    <message>
        <source>When it was trained, v{version} was kept out of use: {reason}.</source>
        <translation>Quando foi treinada, a v{version} ficou fora de uso: {reason}.</translation>
    </message>
    <message>
        <source>Every open lead is scored again with v{new}.</source>
        <translation>Todos os leads abertos são pontuados de novo com a v{new}.</translation>
    </message>
    <message>
        <source>Every lead is placed in the segments of v{new}.</source>
        <translation>Todos os leads são colocados nos segmentos da v{new}.</translation>
    </message>
    <message>
        <source>The next-action suggestions of every open lead are rewritten with v{new}.</source>
        <translation>As sugestões de próxima ação de todos os leads abertos são refeitas com a v{new}.</translation>
    </message>
    <message>
        <source>The product suggestions of every customer are rewritten with v{new}.</source>
        <translation>As sugestões de produtos de todos os clientes são refeitas com a v{new}.</translation>
    </message>
    <message>
        <source>{money} bought</source>
        <translation>{money} em compras</translation>
    </message>
    <message>
        <source>Typically: {facts}.</source>
        <translation>Em geral: {facts}.</translation>
    </message>
    <message>
        <source>{share}% are customers.</source>
        <translation>{share}% são clientes.</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>em uso</translation>
    </message>
    <message>
        <source>not in use: {reason}</source>
        <translation>fora de uso: {reason}</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>fora de uso</translation>
    </message>
</context>
<context>
    <name>InsightsView</name>
    <message>
        <source>Insights</source>
        <translation>Insights</translation>
    </message>
    <message>
        <source>Learned on this computer from your team&apos;s own history.</source>
        <translation>Aprendido neste computador com o histórico da sua própria equipe.</translation>
    </message>
    <message>
        <source>Retrain the models</source>
        <translation>Retreinar os modelos</translation>
    </message>
    <message>
        <source>Train every model on the current data, then score the leads. Runs in the background; you can keep working.</source>
        <translation>Treina todos os modelos com os dados atuais e depois pontua os leads. Roda em segundo plano; você pode continuar trabalhando.</translation>
    </message>
    <message>
        <source>Stop training (the models in use are kept)</source>
        <translation>Parar o treinamento (os modelos em uso são mantidos)</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmentos</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>No segments yet. Segments are found when the models are trained (at least 10 leads): press “Retrain the models”.</source>
        <translation>Nenhum segmento ainda. Os segmentos são encontrados quando os modelos são treinados (com pelo menos 10 leads): clique em “Retreinar os modelos”.</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>Treinando…</translation>
    </message>
    <message>
        <source>Training the models…</source>
        <translation>Treinando os modelos…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Parando…</translation>
    </message>
    <message>
        <source>Models trained, but lead scoring was not: {reason}</source>
        <translation>Modelos treinados, mas a pontuação de leads não: {reason}</translation>
    </message>
    <message>
        <source>Models trained, but the new scoring model measured worse and was not put in use: {note}</source>
        <translation>Modelos treinados, mas o novo modelo de pontuação teve resultado pior e não foi colocado em uso: {note}</translation>
    </message>
    <message numerus="yes">
        <source>Models trained; %n open lead(s) scored.</source>
        <translation>
            <numerusform>Modelos treinados; %n lead em aberto pontuado.</numerusform>
            <numerusform>Modelos treinados; %n leads em aberto pontuados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Use another version</source>
        <translation>Usar outra versão</translation>
    </message>
    <message>
        <source>Use v{version}</source>
        <translation>Usar a v{version}</translation>
    </message>
    <message>
        <source>Putting v{version} in use…</source>
        <translation>Colocando a v{version} em uso…</translation>
    </message>
    <message>
        <source>{model} v{version} is in use.</source>
        <translation>{model} v{version} está em uso.</translation>
    </message>
    <message>
        <source>Stopped. The Models tab shows which version is in use.</source>
        <translation>Interrompido. A aba Modelos mostra qual versão está em uso.</translation>
    </message>
    <message>
        <source>Training stopped. The models in use were kept.</source>
        <translation>Treinamento interrompido. Os modelos em uso foram mantidos.</translation>
    </message>
</context>
<context>
    <name>InteractionDialog</name>
    <message>
        <source>Log interaction</source>
        <translation>Registrar interação</translation>
    </message>
    <message>
        <source>Edit interaction</source>
        <translation>Editar interação</translation>
    </message>
    <message>
        <source>Hours:minutes:seconds</source>
        <translation>Horas:minutos:segundos</translation>
    </message>
    <message>
        <source>What was said, what was agreed, what happens next…</source>
        <translation>O que foi dito, o que foi combinado, quais os próximos passos…</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Anotações</translation>
    </message>
</context>
<context>
    <name>InteractionKind</name>
    <message>
        <source>Call</source>
        <translation>Ligação</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>Reunião</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Anotação</translation>
    </message>
    <message>
        <source>SMS sent</source>
        <translation>SMS enviado</translation>
    </message>
    <message>
        <source>SMS received</source>
        <translation>SMS recebido</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System default</source>
        <translation>Padrão do sistema</translation>
    </message>
</context>
<context>
    <name>LeadColumns</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Cidade</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Pontuação</translation>
    </message>
    <message>
        <source>Last interaction</source>
        <translation>Última interação</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
</context>
<context>
    <name>LeadDetail</name>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
    <message>
        <source>by {author}</source>
        <translation>por {author}</translation>
    </message>
    <message>
        <source>Opted out of SMS: do not message</source>
        <translation>Descadastrado do SMS: não enviar mensagens</translation>
    </message>
    <message>
        <source>SMS consent given {date}{source}</source>
        <translation>Consentimento de SMS dado em {date}{source}</translation>
    </message>
    <message>
        <source>No SMS consent on record</source>
        <translation>Nenhum consentimento de SMS registrado</translation>
    </message>
    <message>
        <source>Edit lead (F2)</source>
        <translation>Editar lead (F2)</translation>
    </message>
    <message>
        <source>History of changes</source>
        <translation>Histórico de alterações</translation>
    </message>
    <message>
        <source>Send an SMS to this lead</source>
        <translation>Enviar um SMS para este lead</translation>
    </message>
    <message>
        <source>Send SMS</source>
        <translation>Enviar SMS</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Fechar (Esc)</translation>
    </message>
    <message>
        <source>Move this lead to another stage</source>
        <translation>Mover este lead para outra etapa</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Pontuação</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <source>Log interaction</source>
        <translation>Registrar interação</translation>
    </message>
    <message>
        <source>Log a call, meeting, visit or note (Ctrl+L)</source>
        <translation>Registrar ligação, reunião, visita ou anotação (Ctrl+L)</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Linha do tempo</translation>
    </message>
    <message>
        <source>No interactions yet. Log the first call, visit or note.</source>
        <translation>Nenhuma interação ainda. Registre a primeira ligação, visita ou anotação.</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message numerus="yes">
        <source>Timeline (%n)</source>
        <translation>
            <numerusform>Linha do tempo (%n)</numerusform>
            <numerusform>Linha do tempo (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>invalid number</source>
        <translation>número inválido</translation>
    </message>
    <message>
        <source>not a mobile</source>
        <translation>não é celular</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>inalcançável</translation>
    </message>
    <message>
        <source>country not enabled in Twilio</source>
        <translation>país não habilitado no Twilio</translation>
    </message>
    <message>
        <source>filtered by the carrier</source>
        <translation>filtrado pela operadora</translation>
    </message>
    <message>
        <source>(marked {status})</source>
        <translation>(marcado como {status})</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>ninguém</translation>
    </message>
    <message>
        <source>{name} moved to {stage}.</source>
        <translation>{name}: movido para {stage}.</translation>
    </message>
    <message>
        <source>Someone else changed this lead meanwhile; it has been reloaded. Choose the stage again if it is still right.</source>
        <translation>Outra pessoa alterou este lead nesse meio-tempo, e ele foi recarregado. Escolha a etapa de novo se ela ainda estiver certa.</translation>
    </message>
    <message>
        <source>Lead “{name}” saved.</source>
        <translation>Lead “{name}” salvo.</translation>
    </message>
    <message>
        <source>{kind} of {when} deleted.</source>
        <translation>Interação excluída: {kind} de {when}.</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
</context>
<context>
    <name>LeadDialog</name>
    <message>
        <source>New lead</source>
        <translation>Novo lead</translation>
    </message>
    <message>
        <source>Edit lead</source>
        <translation>Editar lead</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>name@company.com.br</source>
        <translation>nome@empresa.com.br</translation>
    </message>
    <message>
        <source>The lead agreed to receive SMS</source>
        <translation>O lead aceitou receber SMS</translation>
    </message>
    <message>
        <source>where: web form, call, signed form…</source>
        <translation>onde: formulário do site, ligação, termo assinado…</translation>
    </message>
    <message>
        <source>This lead opted out of SMS; consent cannot override that.</source>
        <translation>Este lead se descadastrou do SMS; o consentimento não pode anular isso.</translation>
    </message>
    <message>
        <source>comma-separated, e.g. vip, retail</source>
        <translation>separadas por vírgula, p. ex. vip, varejo</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Pessoa</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>Nome *</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contato</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>Consent source</source>
        <translation>Origem do consentimento</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Vendas</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Deal value (R$)</source>
        <translation>Valor do negócio (R$)</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>External id</source>
        <translation>ID externo</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Logradouro</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Cidade</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Postal code</source>
        <translation>CEP</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Fuso horário</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(ninguém)</translation>
    </message>
    <message>
        <source>Changed by someone else</source>
        <translation>Alterado por outra pessoa</translation>
    </message>
    <message>
        <source>Someone else saved this lead while you were editing it.</source>
        <translation>Outra pessoa salvou este lead enquanto você o editava.</translation>
    </message>
    <message>
        <source>Reload: show their version and discard your changes here.
Overwrite: save your changes over theirs (only the fields you changed).
Keep editing: go back to the form; nothing is saved yet.</source>
        <translation>Recarregar: mostra a versão da outra pessoa e descarta as suas alterações aqui.
Sobrescrever: salva as suas alterações por cima das dela (só os campos que você mudou).
Continuar editando: volta ao formulário; nada foi salvo ainda.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recarregar</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Sobrescrever</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Continuar editando</translation>
    </message>
</context>
<context>
    <name>LeadList</name>
    <message>
        <source>(deleted)</source>
        <translation>(excluído)</translation>
    </message>
    <message>
        <source>Opted out of SMS</source>
        <translation>Descadastrado do SMS</translation>
    </message>
    <message>
        <source>This column cannot be sorted</source>
        <translation>Esta coluna não pode ser ordenada</translation>
    </message>
</context>
<context>
    <name>LeadsView</name>
    <message>
        <source>Search name, company, phone, e-mail or notes  (Ctrl+F)</source>
        <translation>Buscar por nome, empresa, telefone, e-mail ou anotações  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsável</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Pontuação</translation>
    </message>
    <message>
        <source>70 or more</source>
        <translation>70 ou mais</translation>
    </message>
    <message>
        <source>40–69</source>
        <translation>40–69</translation>
    </message>
    <message>
        <source>below 40</source>
        <translation>abaixo de 40</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>sem pontuação</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Clear the search and every filter</source>
        <translation>Limpar a busca e todos os filtros</translation>
    </message>
    <message>
        <source>The list shows the leads of the area drawn on the map; click to show all</source>
        <translation>A lista mostra os leads da área desenhada no mapa; clique para mostrar todos</translation>
    </message>
    <message>
        <source>Choose columns</source>
        <translation>Escolher colunas</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>Novo lead</translation>
    </message>
    <message>
        <source>Create a lead (Ctrl+N)</source>
        <translation>Criar um lead (Ctrl+N)</translation>
    </message>
    <message>
        <source>Send SMS…</source>
        <translation>Enviar SMS…</translation>
    </message>
    <message>
        <source>Send an SMS to the selected leads or to every lead in the list</source>
        <translation>Enviar um SMS para os leads selecionados ou para todos os leads da lista</translation>
    </message>
    <message>
        <source>Why this score?</source>
        <translation>Por que esta pontuação?</translation>
    </message>
    <message>
        <source>Map area</source>
        <translation>Área do mapa</translation>
    </message>
    <message>
        <source>{name} (me)</source>
        <translation>{name} (eu)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s)</source>
        <translation>
            <numerusform>%Ln lead</numerusform>
            <numerusform>%Ln leads</numerusform>
        </translation>
    </message>
    <message>
        <source>{count}+ leads, counting…</source>
        <translation>{count}+ leads, contando…</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>Lead “{name}” created.</source>
        <translation>Lead “{name}” criado.</translation>
    </message>
    <message>
        <source>Delete leads</source>
        <translation>Excluir leads</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln lead(s)? You can undo this right after.</source>
        <translation>
            <numerusform>Excluir %Ln lead? Você pode desfazer logo em seguida.</numerusform>
            <numerusform>Excluir %Ln leads? Você pode desfazer logo em seguida.</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleting leads…</source>
        <translation>Excluindo leads…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) deleted.</source>
        <translation>
            <numerusform>%Ln lead excluído.</numerusform>
            <numerusform>%Ln leads excluídos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restoring leads…</source>
        <translation>Restaurando leads…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) restored.</source>
        <translation>
            <numerusform>%Ln lead restaurado.</numerusform>
            <numerusform>%Ln leads restaurados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Changing stage…</source>
        <translation>Mudando a etapa…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) moved to {stage}.</source>
        <translation>
            <numerusform>%Ln lead movido para {stage}.</numerusform>
            <numerusform>%Ln leads movidos para {stage}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Log interaction…</source>
        <translation>Registrar interação…</translation>
    </message>
    <message>
        <source>Move to stage</source>
        <translation>Mover para a etapa</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>Reset columns</source>
        <translation>Restaurar colunas</translation>
    </message>
    <message>
        <source>The list cannot be sorted by this column.</source>
        <translation>A lista não pode ser ordenada por esta coluna.</translation>
    </message>
</context>
<context>
    <name>ML</name>
    <message>
        <source>a call</source>
        <translation>uma ligação</translation>
    </message>
    <message>
        <source>a meeting</source>
        <translation>uma reunião</translation>
    </message>
    <message>
        <source>a visit</source>
        <translation>uma visita</translation>
    </message>
    <message>
        <source>an e-mail</source>
        <translation>um e-mail</translation>
    </message>
    <message>
        <source>an SMS</source>
        <translation>um SMS</translation>
    </message>
    <message>
        <source>the SMS “{template}”</source>
        <translation>o SMS “{template}”</translation>
    </message>
    <message>
        <source>{chance:.0%} of similar leads replied, moved forward or closed within {days} days of {action} (team average {rate:.0%}; logged: {n})</source>
        <translation>{chance:.0%} dos leads parecidos responderam, avançaram de etapa ou fecharam em até {days} dias depois de {action} (média da equipe {rate:.0%}; registros: {n})</translation>
    </message>
    <message>
        <source>cross-validation</source>
        <translation>validação cruzada</translation>
    </message>
    <message>
        <source>training recommendations</source>
        <translation>treinando recomendações</translation>
    </message>
    <message>
        <source>learning the policy</source>
        <translation>aprendendo a política</translation>
    </message>
    <message>
        <source>{reason} ({points:+.0f} pts)</source>
        <translation>{reason} ({points:+.0f} p.p.)</translation>
    </message>
    <message>
        <source>other</source>
        <translation>outro</translation>
    </message>
    <message>
        <source>{feature}: blank</source>
        <translation>{feature}: em branco</translation>
    </message>
    <message>
        <source>{feature}: {value}</source>
        <translation>{feature}: {value}</translation>
    </message>
    <message>
        <source>{feature} above the typical ({value:.4g}; typical {typical:.4g})</source>
        <translation>{feature} acima do típico ({value:.4g}; típico {typical:.4g})</translation>
    </message>
    <message>
        <source>{feature} below the typical ({value:.4g}; typical {typical:.4g})</source>
        <translation>{feature} abaixo do típico ({value:.4g}; típico {typical:.4g})</translation>
    </message>
    <message>
        <source>source</source>
        <translation>origem</translation>
    </message>
    <message>
        <source>state</source>
        <translation>estado</translation>
    </message>
    <message>
        <source>city</source>
        <translation>cidade</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>responsável</translation>
    </message>
    <message>
        <source>deal value</source>
        <translation>valor do negócio</translation>
    </message>
    <message>
        <source>has an e-mail</source>
        <translation>tem e-mail</translation>
    </message>
    <message>
        <source>has a phone number</source>
        <translation>tem telefone</translation>
    </message>
    <message>
        <source>accepts SMS</source>
        <translation>aceita SMS</translation>
    </message>
    <message>
        <source>days since the lead was added</source>
        <translation>dias desde o cadastro</translation>
    </message>
    <message>
        <source>interactions logged</source>
        <translation>interações registradas</translation>
    </message>
    <message>
        <source>interactions in the last 30 days</source>
        <translation>interações nos últimos 30 dias</translation>
    </message>
    <message>
        <source>days without contact</source>
        <translation>dias sem contato</translation>
    </message>
    <message>
        <source>days since the first contact</source>
        <translation>dias desde o primeiro contato</translation>
    </message>
    <message>
        <source>minutes on the phone</source>
        <translation>minutos ao telefone</translation>
    </message>
    <message>
        <source>SMS reply rate</source>
        <translation>taxa de resposta a SMS</translation>
    </message>
    <message>
        <source>stage changes</source>
        <translation>mudanças de etapa</translation>
    </message>
    <message>
        <source>days in the current stage</source>
        <translation>dias na etapa atual</translation>
    </message>
    <message>
        <source>purchases</source>
        <translation>compras</translation>
    </message>
    <message>
        <source>amount bought</source>
        <translation>valor comprado</translation>
    </message>
    <message>
        <source>calls logged</source>
        <translation>ligações registradas</translation>
    </message>
    <message>
        <source>meetings logged</source>
        <translation>reuniões registradas</translation>
    </message>
    <message>
        <source>visits logged</source>
        <translation>visitas registradas</translation>
    </message>
    <message>
        <source>notes logged</source>
        <translation>notas registradas</translation>
    </message>
    <message>
        <source>SMS sent</source>
        <translation>SMS enviados</translation>
    </message>
    <message>
        <source>SMS received</source>
        <translation>SMS recebidos</translation>
    </message>
    <message>
        <source>e-mails logged</source>
        <translation>e-mails registrados</translation>
    </message>
    <message>
        <source>Little purchase data — a simple suggestion, no model. {reason}</source>
        <translation>Poucos dados de compras — sugestão simples, sem modelo. {reason}</translation>
    </message>
    <message>
        <source>Bought it {n}× (last on {date})</source>
        <translation>Comprou {n}× (última compra em {date})</translation>
    </message>
    <message>
        <source>{share:.0%} of the customers who buy {other} also buy this</source>
        <translation>{share:.0%} dos clientes que compram {other} também compram este</translation>
    </message>
    <message>
        <source>Among the most bought (customers in the last 90 days: {n})</source>
        <translation>Entre os mais comprados (clientes nos últimos 90 dias: {n})</translation>
    </message>
    <message>
        <source>Among the most bought (customers: {n})</source>
        <translation>Entre os mais comprados (clientes: {n})</translation>
    </message>
    <message>
        <source>{first}; {second}</source>
        <translation>{first}; {second}</translation>
    </message>
    <message>
        <source>product recommendations: epoch {epoch} of {epochs}</source>
        <translation>recomendações de produtos: época {epoch} de {epochs}</translation>
    </message>
    <message>
        <source>with recent contact</source>
        <translation>com contato recente</translation>
    </message>
    <message>
        <source>without contact for a long time</source>
        <translation>sem contato há muito tempo</translation>
    </message>
    <message>
        <source>with frequent contact</source>
        <translation>com contato frequente</translation>
    </message>
    <message>
        <source>with little engagement</source>
        <translation>pouco engajados</translation>
    </message>
    <message>
        <source>with high spending</source>
        <translation>de alto valor</translation>
    </message>
    <message>
        <source>with low spending</source>
        <translation>de baixo valor</translation>
    </message>
    <message>
        <source>with SMS replies</source>
        <translation>que respondem SMS</translation>
    </message>
    <message>
        <source>without SMS replies</source>
        <translation>que não respondem SMS</translation>
    </message>
    <message>
        <source>recent contact</source>
        <translation>com contato recente</translation>
    </message>
    <message>
        <source>no contact for a long time</source>
        <translation>sem contato há muito tempo</translation>
    </message>
    <message>
        <source>frequent contact</source>
        <translation>com contato frequente</translation>
    </message>
    <message>
        <source>little engagement</source>
        <translation>pouco engajados</translation>
    </message>
    <message>
        <source>high spending</source>
        <translation>de alto valor</translation>
    </message>
    <message>
        <source>low spending</source>
        <translation>de baixo valor</translation>
    </message>
    <message>
        <source>SMS replies</source>
        <translation>que respondem SMS</translation>
    </message>
    <message>
        <source>no SMS replies</source>
        <translation>que não respondem SMS</translation>
    </message>
    <message>
        <source>last contact more recent than most</source>
        <translation>último contato mais recente que a maioria</translation>
    </message>
    <message>
        <source>last contact longer ago than most</source>
        <translation>último contato há mais tempo que a maioria</translation>
    </message>
    <message>
        <source>more interactions in the last 30 days than most</source>
        <translation>mais interações nos últimos 30 dias que a maioria</translation>
    </message>
    <message>
        <source>fewer interactions in the last 30 days than most</source>
        <translation>menos interações nos últimos 30 dias que a maioria</translation>
    </message>
    <message>
        <source>bought more than most</source>
        <translation>compraram mais que a maioria</translation>
    </message>
    <message>
        <source>bought less than most</source>
        <translation>compraram menos que a maioria</translation>
    </message>
    <message>
        <source>reply to SMS more than most</source>
        <translation>respondem mais SMS que a maioria</translation>
    </message>
    <message>
        <source>reply to SMS less than most</source>
        <translation>respondem menos SMS que a maioria</translation>
    </message>
    <message>
        <source>{name} ({n})</source>
        <translation>{name} ({n})</translation>
    </message>
    <message>
        <source>Typical customers</source>
        <translation>Clientes típicos</translation>
    </message>
    <message>
        <source>Typical leads</source>
        <translation>Leads típicos</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>{subject} {trait}</source>
        <translation>{subject} {trait}</translation>
    </message>
    <message>
        <source>{subject} {trait} and {other}</source>
        <translation>{subject} {trait} e {other}</translation>
    </message>
    <message>
        <source>Close to the typical lead in recency, activity, purchases and SMS replies.</source>
        <translation>Próximos do lead típico em recência, atividade, compras e respostas a SMS.</translation>
    </message>
    <message>
        <source>Stands out: {fact}.</source>
        <translation>Destaque: {fact}.</translation>
    </message>
    <message>
        <source>Stands out: {fact}; {other}.</source>
        <translation>Destaques: {fact}; {other}.</translation>
    </message>
    <message>
        <source>training: scoring (1 of 5)</source>
        <translation>treinando: pontuação (1 de 5)</translation>
    </message>
    <message>
        <source>training: segments (2 of 5)</source>
        <translation>treinando: segmentos (2 de 5)</translation>
    </message>
    <message>
        <source>training: next action (3 of 5)</source>
        <translation>treinando: próxima ação (3 de 5)</translation>
    </message>
    <message>
        <source>training: products (4 of 5)</source>
        <translation>treinando: produtos (4 de 5)</translation>
    </message>
    <message>
        <source>working out recommendations (5 of 5)</source>
        <translation>calculando recomendações (5 de 5)</translation>
    </message>
    <message>
        <source>saving models and recommendations (5 of 5)</source>
        <translation>gravando modelos e recomendações (5 de 5)</translation>
    </message>
    <message>
        <source>not activated: it measures {key} {new:.3f}, the active v{version} measured {old:.3f}; kept v{version}</source>
        <translation>não ativado: mede {key} {new:.3f}, a v{version} ativa media {old:.3f}; mantida a v{version}</translation>
    </message>
    <message>
        <source>Little data (poucos dados): {won} won and {lost} lost leads; lead scoring needs at least one of each, so it was not trained. Close more deals and train again.</source>
        <translation>Poucos dados: {won} leads ganhos e {lost} perdidos; a pontuação de leads precisa de pelo menos um de cada, por isso não foi treinada. Feche mais negócios e treine de novo.</translation>
    </message>
    <message>
        <source>little data (poucos dados): too few closed leads to measure the model on the latest ones</source>
        <translation>poucos dados: leads fechados de menos para medir o modelo nos mais recentes</translation>
    </message>
    <message>
        <source>not activated: on the {n} leads closed since v{version} was trained, it scores AUC {new:.3f} and v{version} {old:.3f}; kept v{version}</source>
        <translation>não ativado: nos {n} leads fechados desde que a v{version} foi treinada, ele tem AUC {new:.3f} e a v{version} {old:.3f}; a v{version} foi mantida</translation>
    </message>
    <message>
        <source>not activated: it scores AUC {new:.3f} on the latest closed leads, the active v{version} scored {old:.3f} on its own; kept v{version}</source>
        <translation>não ativado: tem AUC {new:.3f} nos leads fechados mais recentes, a v{version} ativa teve {old:.3f} nos seus; mantida a v{version}</translation>
    </message>
    <message>
        <source>scoring the leads</source>
        <translation>calculando pontuações</translation>
    </message>
    <message>
        <source>working out recommendations</source>
        <translation>calculando recomendações</translation>
    </message>
    <message>
        <source>saving scores and recommendations</source>
        <translation>gravando pontuações e recomendações</translation>
    </message>
    <message>
        <source>unknown model kind “{kind}”: use one of {kinds}</source>
        <translation>tipo de modelo desconhecido “{kind}”: use um destes: {kinds}</translation>
    </message>
    <message>
        <source>putting v{version} in use</source>
        <translation>colocando a v{version} em uso</translation>
    </message>
    <message>
        <source>there is no {kind} model v{version}: `aiconnect ml models` lists the stored versions</source>
        <translation>não existe o modelo {kind} v{version}: `aiconnect ml models` lista as versões guardadas</translation>
    </message>
    <message>
        <source>{feature}: no record</source>
        <translation>{feature}: sem registro</translation>
    </message>
    <message>
        <source>{feature}: yes</source>
        <translation>{feature}: sim</translation>
    </message>
    <message>
        <source>{feature}: no</source>
        <translation>{feature}: não</translation>
    </message>
    <message>
        <source>{feature}: {value:.0%} (typical {typical:.0%})</source>
        <translation>{feature}: {value:.0%} (típico {typical:.0%})</translation>
    </message>
    <message>
        <source>{feature}: {value:.0f} (typical {typical:.0f})</source>
        <translation>{feature}: {value:.0f} (típico {typical:.0f})</translation>
    </message>
    <message>
        <source>interaction dates</source>
        <translation>datas de interações</translation>
    </message>
    <message>
        <source>call durations (clipped to 24 hours)</source>
        <translation>durações de ligações (limitadas a 24 horas)</translation>
    </message>
    <message>
        <source>stage change dates</source>
        <translation>datas de mudança de etapa</translation>
    </message>
    <message>
        <source>lead dates</source>
        <translation>datas de leads</translation>
    </message>
    <message>
        <source>deal values</source>
        <translation>valores de negócio</translation>
    </message>
    <message>
        <source>purchase dates</source>
        <translation>datas de compras</translation>
    </message>
    <message>
        <source>purchase quantities</source>
        <translation>quantidades de compras</translation>
    </message>
    <message>
        <source>purchase prices</source>
        <translation>preços de compras</translation>
    </message>
    <message>
        <source>{what}: {n} (e.g. {examples})</source>
        <translation>{what}: {n} (p. ex. {examples})</translation>
    </message>
    <message>
        <source>{first}; {rest}</source>
        <translation>{first}; {rest}</translation>
    </message>
    <message>
        <source>values out of range were left out — {items}; correct them on those leads (#id) and train again</source>
        <translation>valores fora do intervalo permitido foram deixados de fora — {items}; corrija-os nesses leads (#id) e treine de novo</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Leads</source>
        <translation>Leads</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Funil</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensagens</translation>
    </message>
    <message>
        <source>Automations</source>
        <translation>Automações</translation>
    </message>
    <message>
        <source>Insights</source>
        <translation>Insights</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Análises</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>AIConnect</source>
        <translation>AIConnect</translation>
    </message>
    <message>
        <source>Signed in as {user}</source>
        <translation>Conectado como {user}</translation>
    </message>
    <message>
        <source>{screen} (Ctrl+{n})</source>
        <translation>{screen} (Ctrl+{n})</translation>
    </message>
    <message>
        <source>&amp;New lead…</source>
        <translation>&amp;Novo lead…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation>&amp;Desfazer exclusão</translation>
    </message>
    <message>
        <source>&amp;Delete selected</source>
        <translation>E&amp;xcluir selecionados</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Atualizar</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Atalhos de &amp;teclado</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Abrir pasta de &amp;logs</translation>
    </message>
    <message>
        <source>&amp;About AIConnect</source>
        <translation>&amp;Sobre o AIConnect</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>E&amp;xibir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>New lead</source>
        <translation>Novo lead</translation>
    </message>
    <message>
        <source>Search leads</source>
        <translation>Buscar leads</translation>
    </message>
    <message>
        <source>From the search box to the list</source>
        <translation>Da caixa de busca para a lista</translation>
    </message>
    <message>
        <source>Open the selected lead</source>
        <translation>Abrir o lead selecionado</translation>
    </message>
    <message>
        <source>Edit the selected lead</source>
        <translation>Editar o lead selecionado</translation>
    </message>
    <message>
        <source>Log an interaction (lead open)</source>
        <translation>Registrar uma interação (com o lead aberto)</translation>
    </message>
    <message>
        <source>Delete the selection</source>
        <translation>Excluir a seleção</translation>
    </message>
    <message>
        <source>Why this score? (selected lead)</source>
        <translation>Por que esta pontuação? (lead selecionado)</translation>
    </message>
    <message>
        <source>Undo the last delete</source>
        <translation>Desfazer a última exclusão</translation>
    </message>
    <message>
        <source>Close the lead / clear the search</source>
        <translation>Fechar o lead / limpar a busca</translation>
    </message>
    <message>
        <source>Import / export</source>
        <translation>Importar / exportar</translation>
    </message>
    <message>
        <source>Go to a screen</source>
        <translation>Ir para uma tela</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Logging to a file is not set up in this session.</source>
        <translation>O registro em arquivo (log) não está ativo nesta sessão.</translation>
    </message>
    <message>
        <source>About AIConnect</source>
        <translation>Sobre o AIConnect</translation>
    </message>
    <message>
        <source>AIConnect: the desktop CRM for sales teams.
Database: {db}</source>
        <translation>AIConnect: o CRM de desktop para equipes de vendas.
Banco de dados: {db}</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>Try again</source>
        <translation>Tentar de novo</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>Abrir Configurações</translation>
    </message>
    <message>
        <source>Color by</source>
        <translation>Cor por</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Pontuação</translation>
    </message>
    <message>
        <source>Draw radius</source>
        <translation>Desenhar raio</translation>
    </message>
    <message>
        <source>Click the center on the map, then the edge: the list keeps the leads inside</source>
        <translation>Clique no centro no mapa e depois na borda: a lista fica só com os leads dentro da área</translation>
    </message>
    <message>
        <source>Clear area</source>
        <translation>Limpar área</translation>
    </message>
    <message>
        <source>Stop geocoding (what is done is kept)</source>
        <translation>Parar a geocodificação (o que já foi feito é mantido)</translation>
    </message>
    <message>
        <source>Loading the map…</source>
        <translation>Carregando o mapa…</translation>
    </message>
    <message>
        <source>Nearby</source>
        <translation>Por perto</translation>
    </message>
    <message>
        <source>Day plan</source>
        <translation>Roteiro do dia</translation>
    </message>
    <message>
        <source>To check</source>
        <translation>A revisar</translation>
    </message>
    <message>
        <source>latitude, longitude</source>
        <translation>latitude, longitude</translation>
    </message>
    <message>
        <source>Where you are, e.g. -23.5614, -46.6559</source>
        <translation>Onde você está, p. ex. -23.5614, -46.6559</translation>
    </message>
    <message>
        <source>Map center</source>
        <translation>Centro do mapa</translation>
    </message>
    <message>
        <source>Use the center of the map as your position</source>
        <translation>Usar o centro do mapa como sua posição</translation>
    </message>
    <message>
        <source>Use my location</source>
        <translation>Usar minha localização</translation>
    </message>
    <message>
        <source>Ask this computer where it is (location service), then show the leads near you</source>
        <translation>Pergunta ao computador onde ele está (serviço de localização) e mostra os leads perto de você</translation>
    </message>
    <message>
        <source> km</source>
        <translation> km</translation>
    </message>
    <message>
        <source>Near me</source>
        <translation>Perto de mim</translation>
    </message>
    <message>
        <source>Near the selected lead</source>
        <translation>Perto do lead selecionado</translation>
    </message>
    <message>
        <source>Leads around you or around a lead, nearest first.</source>
        <translation>Leads ao seu redor ou ao redor de um lead, do mais próximo ao mais distante.</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distância</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direção</translation>
    </message>
    <message>
        <source>My position</source>
        <translation>Minha posição</translation>
    </message>
    <message>
        <source>Radius</source>
        <translation>Raio</translation>
    </message>
    <message>
        <source>Locating…</source>
        <translation>Localizando…</translation>
    </message>
    <message>
        <source>This computer has no location service AIConnect can use, so your position was not changed. Type it, or use the map center.</source>
        <translation>Este computador não tem um serviço de localização que o AIConnect possa usar, então sua posição não foi alterada. Digite-a ou use o centro do mapa.</translation>
    </message>
    <message>
        <source>AIConnect is not allowed to read this computer&apos;s location: allow it in the system&apos;s privacy settings. Meanwhile your position was not changed; type it, or use the map center.</source>
        <translation>O AIConnect não tem permissão para ler a localização deste computador: libere nas configurações de privacidade do sistema. Enquanto isso, sua posição não foi alterada; digite-a ou use o centro do mapa.</translation>
    </message>
    <message>
        <source>The location service did not find your position in time (indoors, the signal may be weak). Your position was not changed: try again, type it, or use the map center.</source>
        <translation>O serviço de localização não encontrou sua posição a tempo (em lugares fechados o sinal pode ser fraco). Sua posição não foi alterada: tente de novo, digite-a ou use o centro do mapa.</translation>
    </message>
    <message>
        <source>The location service could not tell where you are, so your position was not changed. Type it, or use the map center.</source>
        <translation>O serviço de localização não conseguiu dizer onde você está, então sua posição não foi alterada. Digite-a ou use o centro do mapa.</translation>
    </message>
    <message>
        <source>Add selected leads</source>
        <translation>Adicionar</translation>
    </message>
    <message>
        <source>Add the leads selected in the Leads list</source>
        <translation>Adicionar os leads selecionados na lista de Leads</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Start from my position</source>
        <translation>Sair da minha posição</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Plan route</source>
        <translation>Planejar rota</translation>
    </message>
    <message>
        <source>Add the leads to visit, then plan the route.</source>
        <translation>Adicione os leads a visitar e depois planeje a rota.</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>The network connection was lost, so the map cannot load more of itself. It comes back when the connection does; meanwhile, here is the offline route sheet from saved positions.</source>
        <translation>A conexão de rede caiu, então o mapa não consegue carregar o restante. Ele volta quando a conexão voltar; enquanto isso, veja a folha de rota offline com as posições salvas.</translation>
    </message>
    <message>
        <source>Draw area</source>
        <translation>Desenhar área</translation>
    </message>
    <message>
        <source>Click the corners of the area on the map; double-click, or click the first corner, to close it. Drag its corners to change it. The list keeps the leads inside</source>
        <translation>Clique nos cantos da área no mapa; dê um duplo clique, ou clique no primeiro canto, para fechá-la. Arraste os cantos para mudá-la. A lista fica com os leads de dentro</translation>
    </message>
    <message>
        <source>Offline sheet</source>
        <translation>Folha offline</translation>
    </message>
    <message>
        <source>The route sheet from saved positions (nearby leads and the day&apos;s order), to print or save before you leave</source>
        <translation>A folha de rota com as posições salvas (leads próximos e a ordem do dia), para imprimir ou salvar antes de sair</translation>
    </message>
    <message>
        <source>Print sheet…</source>
        <translation>Imprimir folha…</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>Chegada</translation>
    </message>
    <message>
        <source>Leg</source>
        <translation>Trecho</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>PDF…</source>
        <translation>PDF…</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Leave at</source>
        <translation>Saída às</translation>
    </message>
    <message>
        <source>Time per visit</source>
        <translation>Tempo por visita</translation>
    </message>
    <message>
        <source>Leads Google could not place, or placed only roughly, show up here after geocoding. Double-click one to open it and correct its address.</source>
        <translation>Os leads que o Google não conseguiu localizar, ou localizou só de forma aproximada, aparecem aqui depois da geocodificação. Clique duas vezes em um para abri-lo e corrigir o endereço.</translation>
    </message>
    <message>
        <source>70 – 100</source>
        <translation>70 – 100</translation>
    </message>
    <message>
        <source>40 – 69</source>
        <translation>40 – 69</translation>
    </message>
    <message>
        <source>0 – 39</source>
        <translation>0 – 39</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>Sem pontuação</translation>
    </message>
    <message>
        <source>Loading Google Maps…</source>
        <translation>Carregando o Google Maps…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Log visit</source>
        <translation>Registrar visita</translation>
    </message>
    <message>
        <source>+ Day plan</source>
        <translation>+ Roteiro</translation>
    </message>
    <message>
        <source>{n} leads: click to zoom in</source>
        <translation>{n} leads: clique para ampliar</translation>
    </message>
    <message>
        <source>Click the center of the area (Esc cancels)</source>
        <translation>Clique no centro da área (Esc cancela)</translation>
    </message>
    <message>
        <source>Now click its edge</source>
        <translation>Agora clique na borda</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Partida</translation>
    </message>
    <message>
        <source>Click the corners of the area (Esc cancels)</source>
        <translation>Clique nos cantos da área (Esc cancela)</translation>
    </message>
    <message>
        <source>Double-click, or click the first corner, to close the area (Esc cancels)</source>
        <translation>Dê um duplo clique, ou clique no primeiro canto, para fechar a área (Esc cancela)</translation>
    </message>
    <message>
        <source>Close the area here</source>
        <translation>Fechar a área aqui</translation>
    </message>
    <message>
        <source>The map needs a Google Maps API key, and none is set. Add it in Settings → Integrations (google.maps_key). Meanwhile, here is the offline route sheet.</source>
        <translation>O mapa precisa de uma chave da API do Google Maps, e nenhuma foi definida. Adicione-a em Configurações → Credenciais (google.maps_key). Enquanto isso, veja a folha de rota offline.</translation>
    </message>
    <message>
        <source>The system keyring cannot be read, so the Google Maps key is not available. Check Settings → Integrations. Meanwhile, here is the offline route sheet.</source>
        <translation>Não foi possível ler o chaveiro do sistema, então a chave do Google Maps não está disponível. Verifique em Configurações → Credenciais. Enquanto isso, veja a folha de rota offline.</translation>
    </message>
    <message>
        <source>Google refused the Maps key: check it in Settings → Integrations (is the Maps JavaScript API enabled for it, with billing on, and does it allow this app?). Meanwhile, here is the offline route sheet.</source>
        <translation>O Google recusou a chave do Maps: confira em Configurações → Credenciais (a Maps JavaScript API está ativada para ela, com o faturamento ligado, e ela permite este app?). Enquanto isso, veja a folha de rota offline.</translation>
    </message>
    <message>
        <source>Google Maps cannot be reached: check the network connection. The map comes back by itself when it can; meanwhile, here is the offline route sheet from saved positions.</source>
        <translation>Não foi possível acessar o Google Maps: verifique a conexão de rede. O mapa volta sozinho assim que possível; enquanto isso, veja a folha de rota offline com as posições salvas.</translation>
    </message>
    <message>
        <source>Google Maps did not answer in time: the network may be down or slow. The map comes back by itself when it can; meanwhile, here is the offline route sheet from saved positions.</source>
        <translation>O Google Maps não respondeu a tempo: a rede pode estar fora do ar ou lenta. O mapa volta sozinho assim que possível; enquanto isso, veja a folha de rota offline com as posições salvas.</translation>
    </message>
    <message>
        <source>The map could not start. It will be tried again; meanwhile, here is the offline route sheet.</source>
        <translation>Não foi possível iniciar o mapa. Vamos tentar de novo; enquanto isso, veja a folha de rota offline.</translation>
    </message>
    <message>
        <source>The first {shown} of {count} located leads are on the map: narrow the list to see the rest</source>
        <translation>Os primeiros {shown} de {count} leads localizados estão no mapa: filtre a lista para ver os demais</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) on the map</source>
        <translation>
            <numerusform>%Ln lead no mapa</numerusform>
            <numerusform>%Ln leads no mapa</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln without a position</source>
        <translation>
            <numerusform>%Ln sem localização</numerusform>
            <numerusform>%Ln sem localização</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Geocode %Ln lead(s) without a position</source>
        <translation>
            <numerusform>Geocodificar %Ln lead sem localização</numerusform>
            <numerusform>Geocodificar %Ln leads sem localização</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) to check: double-click one to open it and correct its address.</source>
        <translation>
            <numerusform>%Ln lead para conferir: dê um duplo clique para abri-lo e corrigir o endereço.</numerusform>
            <numerusform>%Ln leads para conferir: dê um duplo clique em um deles para abri-lo e corrigir o endereço.</numerusform>
        </translation>
    </message>
    <message>
        <source>Last interaction: {when}</source>
        <translation>Última interação: {when}</translation>
    </message>
    <message numerus="yes">
        <source>Map area: %n lead(s)</source>
        <translation>
            <numerusform>Área do mapa: %n lead</numerusform>
            <numerusform>Área do mapa: %n leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Map area: %n lead(s) within {km}</source>
        <translation>
            <numerusform>Área do mapa: %n lead a até {km}</numerusform>
            <numerusform>Área do mapa: %n leads a até {km}</numerusform>
        </translation>
    </message>
    <message>
        <source>The map is not showing, so it has no center to use.</source>
        <translation>O mapa não está sendo exibido, então não há centro para usar.</translation>
    </message>
    <message>
        <source>Enter your position as “latitude, longitude”, e.g. -23.5614, -46.6559, or use the map center.</source>
        <translation>Informe sua posição como “latitude, longitude”, p. ex. -23.5614, -46.6559, ou use o centro do mapa.</translation>
    </message>
    <message>
        <source>Select a lead in the list or on the map first.</source>
        <translation>Selecione um lead na lista ou no mapa primeiro.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) within {km}; double-click to open.</source>
        <translation>
            <numerusform>%Ln lead a até {km}; clique duas vezes para abrir.</numerusform>
            <numerusform>%Ln leads a até {km}; clique duas vezes para abrir.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the leads to visit in the Leads list (or use “+ Day plan” on the map).</source>
        <translation>Selecione os leads a visitar na lista de Leads (ou use “+ Roteiro” no mapa).</translation>
    </message>
    <message>
        <source>A day plan holds at most {n} stops; the rest were left out.</source>
        <translation>Um roteiro do dia comporta no máximo {n} paradas; as demais ficaram de fora.</translation>
    </message>
    <message>
        <source>{name} (no position)</source>
        <translation>{name} (sem localização)</translation>
    </message>
    <message>
        <source>Add the leads to visit first.</source>
        <translation>Adicione primeiro os leads a visitar.</translation>
    </message>
    <message>
        <source>Enter your position in the Nearby tab to start from it.</source>
        <translation>Informe sua posição na aba Por perto para sair dela.</translation>
    </message>
    <message>
        <source>Planning the route…</source>
        <translation>Planejando a rota…</translation>
    </message>
    <message>
        <source>{km} · {time} on the road. </source>
        <translation>{km} · {time} de deslocamento. </translation>
    </message>
    <message>
        <source>Offline estimate (nearest neighbor, straight lines): {why}</source>
        <translation>Estimativa offline (vizinho mais próximo, linhas retas): {why}</translation>
    </message>
    <message>
        <source>no Google Maps key is set. Add it in Settings → Integrations.</source>
        <translation>nenhuma chave do Google Maps foi definida. Adicione-a em Configurações → Credenciais.</translation>
    </message>
    <message>
        <source>the Routes API is not enabled for the Maps key. Enable it (with billing) in the key&apos;s Google Cloud project.</source>
        <translation>a Routes API não está ativada para a chave do Maps. Ative-a (com faturamento) no projeto do Google Cloud da chave.</translation>
    </message>
    <message>
        <source>Google refused the Maps key. Check the key in Settings → Integrations, and that the Routes API is enabled with billing for its Google Cloud project.</source>
        <translation>o Google recusou a chave do Maps. Confira a chave em Configurações → Credenciais e se a Routes API está ativada, com faturamento, no projeto do Google Cloud dela.</translation>
    </message>
    <message>
        <source>the Google Routes quota is used up for now. Try again in a moment.</source>
        <translation>a cota do Google Routes está esgotada por enquanto. Tente de novo daqui a pouco.</translation>
    </message>
    <message>
        <source>Google Routes could not be reached. Check the network connection.</source>
        <translation>não foi possível acessar o Google Routes. Verifique a conexão de rede.</translation>
    </message>
    <message>
        <source>Google Routes found no road route between these stops.</source>
        <translation>o Google Routes não encontrou um caminho por estradas entre essas paradas.</translation>
    </message>
    <message>
        <source>Google Routes failed ({status}). Try again later.</source>
        <translation>o Google Routes falhou ({status}). Tente de novo mais tarde.</translation>
    </message>
    <message>
        <source>Geocoding done. Placed: {geocoded} · from the cache: {cached} · only roughly: {partial} · not found: {missing} · errors: {errors}.</source>
        <translation>Geocodificação concluída. Localizados: {geocoded} · do cache: {cached} · só aproximados: {partial} · não encontrados: {missing} · erros: {errors}.</translation>
    </message>
    <message>
        <source>Geocoding needs a Google Maps API key, and none is set. Add it in Settings → Integrations, then geocode again.</source>
        <translation>A geocodificação precisa de uma chave da API do Google Maps, e nenhuma foi definida. Adicione-a em Configurações → Credenciais e geocodifique de novo.</translation>
    </message>
    <message>
        <source>Order, times and the route along the roads from Google Routes.</source>
        <translation>Ordem, horários e o trajeto pelas ruas vêm do Google Routes.</translation>
    </message>
    <message>
        <source>Visit logged at {time}; add notes from the lead&apos;s timeline.</source>
        <translation>Visita registrada às {time}; acrescente anotações na linha do tempo do lead.</translation>
    </message>
    <message>
        <source>Visit removed.</source>
        <translation>Visita removida.</translation>
    </message>
    <message>
        <source>Order and times from Google Routes; the map joins the stops with straight lines.</source>
        <translation>Ordem e horários do Google Routes; o mapa liga as paradas com linhas retas.</translation>
    </message>
    <message>
        <source>None of these leads has a position yet: geocode them first.</source>
        <translation>Nenhum destes leads tem localização ainda: geocodifique-os primeiro.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) without a position left out.</source>
        <translation>
            <numerusform>%Ln lead sem localização ficou de fora.</numerusform>
            <numerusform>%Ln leads sem localização ficaram de fora.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the route sheet as PDF</source>
        <translation>Salvar a folha de rota em PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Arquivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Route sheet saved to {path}.</source>
        <translation>Folha de rota salva em {path}.</translation>
    </message>
    <message>
        <source>Save the route sheet as CSV</source>
        <translation>Salvar a folha de rota em CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Arquivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>your position</source>
        <translation>sua posição</translation>
    </message>
    <message>
        <source>Geocoding leads…</source>
        <translation>Geocodificando leads…</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v de %m</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>não encontrado</translation>
    </message>
    <message>
        <source>only roughly placed</source>
        <translation>localização aproximada</translation>
    </message>
    <message>
        <source>address not readable</source>
        <translation>endereço ilegível</translation>
    </message>
    <message>
        <source>{name} — {reason}
{address}</source>
        <translation>{name} — {reason}
{address}</translation>
    </message>
    <message>
        <source>(no address)</source>
        <translation>(sem endereço)</translation>
    </message>
    <message>
        <source>Geocoding stopped. The leads placed so far keep their positions.</source>
        <translation>Geocodificação interrompida. Os leads já localizados mantêm suas posições.</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Fechar aviso</translation>
    </message>
</context>
<context>
    <name>MessageDetail</name>
    <message>
        <source>Select a message to see it in full, with the reason when it failed.</source>
        <translation>Selecione uma mensagem para vê-la completa, com o motivo quando tiver falhado.</translation>
    </message>
    <message>
        <source>(lead deleted)</source>
        <translation>(lead excluído)</translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segmento</numerusform>
            <numerusform>%n segmentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n tentativa</numerusform>
            <numerusform>%n tentativas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Horário</translation>
    </message>
    <message>
        <source>Invalid phone number</source>
        <translation>Número de telefone inválido</translation>
    </message>
    <message>
        <source>Recipient opted out (STOP)</source>
        <translation>O destinatário se descadastrou (STOP)</translation>
    </message>
    <message>
        <source>Country not enabled in Twilio</source>
        <translation>País não habilitado no Twilio</translation>
    </message>
    <message>
        <source>Not a mobile number</source>
        <translation>Não é um número de celular</translation>
    </message>
    <message>
        <source>Landline number</source>
        <translation>Número de telefone fixo</translation>
    </message>
    <message>
        <source>Sender cannot reach this number</source>
        <translation>O remetente não alcança este número</translation>
    </message>
    <message>
        <source>Sender is not SMS-capable</source>
        <translation>O remetente não envia SMS</translation>
    </message>
    <message>
        <source>Trial account: number not verified</source>
        <translation>Conta de teste: número não verificado</translation>
    </message>
    <message>
        <source>Message too long</source>
        <translation>Mensagem longa demais</translation>
    </message>
    <message>
        <source>Phone off or without signal</source>
        <translation>Celular desligado ou sem sinal</translation>
    </message>
    <message>
        <source>Number does not exist</source>
        <translation>O número não existe</translation>
    </message>
    <message>
        <source>Landline or carrier unreachable</source>
        <translation>Telefone fixo ou operadora inacessível</translation>
    </message>
    <message>
        <source>Filtered as spam by the carrier</source>
        <translation>Bloqueada como spam pela operadora</translation>
    </message>
    <message>
        <source>Unknown delivery error</source>
        <translation>Erro de entrega desconhecido</translation>
    </message>
    <message>
        <source>Toll-free sender not verified</source>
        <translation>Remetente toll-free (0800) não verificado</translation>
    </message>
    <message>
        <source>Held until {when}</source>
        <translation>Retida até {when}</translation>
    </message>
    <message>
        <source>No reason given by Twilio</source>
        <translation>O Twilio não informou o motivo</translation>
    </message>
    <message>
        <source>Created {when}</source>
        <translation>Criada em {when}</translation>
    </message>
    <message>
        <source>sent {when}</source>
        <translation>enviada em {when}</translation>
    </message>
    <message>
        <source>delivered {when}</source>
        <translation>entregue em {when}</translation>
    </message>
    <message>
        <source>next attempt {when}</source>
        <translation>próxima tentativa em {when}</translation>
    </message>
    <message>
        <source>(lead deleted)</source>
        <translation>(lead excluído)</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Na fila</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retida</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregue</translation>
    </message>
    <message>
        <source>Undelivered</source>
        <translation>Não entregue</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>lead not found</source>
        <translation>lead não encontrado</translation>
    </message>
    <message>
        <source>lead deleted</source>
        <translation>lead excluído</translation>
    </message>
    <message>
        <source>no phone number</source>
        <translation>sem número de telefone</translation>
    </message>
    <message>
        <source>invalid phone</source>
        <translation>telefone inválido</translation>
    </message>
    <message>
        <source>not a mobile number</source>
        <translation>não é celular</translation>
    </message>
    <message>
        <source>no SMS consent</source>
        <translation>sem consentimento de SMS</translation>
    </message>
    <message>
        <source>opted out</source>
        <translation>descadastrado</translation>
    </message>
    <message>
        <source>weekly limit reached</source>
        <translation>limite semanal atingido</translation>
    </message>
    <message>
        <source>template error for this lead</source>
        <translation>erro no modelo para este lead</translation>
    </message>
    <message>
        <source>empty message</source>
        <translation>mensagem vazia</translation>
    </message>
    <message>
        <source>not failed or undelivered</source>
        <translation>não falhou nem deixou de ser entregue</translation>
    </message>
    <message>
        <source>already queued again</source>
        <translation>já está na fila de novo</translation>
    </message>
    <message numerus="yes">
        <source>{encoding} · {units}/{capacity} characters · %n segment(s) · {cost}</source>
        <translation>
            <numerusform>{encoding} · {units}/{capacity} caracteres · %n segmento · {cost}</numerusform>
            <numerusform>{encoding} · {units}/{capacity} caracteres · %n segmentos · {cost}</numerusform>
        </translation>
    </message>
    <message>
        <source>UCS-2 because of: {chars}</source>
        <translation>UCS-2 por causa de: {chars}</translation>
    </message>
    <message>
        <source>Line {line}, column {column}: {reason}</source>
        <translation>Linha {line}, coluna {column}: {reason}</translation>
    </message>
    <message>
        <source>Line {line}: {reason}</source>
        <translation>Linha {line}: {reason}</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>Owner (the lead&apos;s salesperson)</source>
        <translation>Responsável (o vendedor do lead)</translation>
    </message>
    <message>
        <source>Last interaction</source>
        <translation>Última interação</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>Última compra</translation>
    </message>
    <message>
        <source>First name, “cliente” if empty</source>
        <translation>Primeiro nome (“cliente” se estiver vazio)</translation>
    </message>
    <message>
        <source>Dates and blocks</source>
        <translation>Datas e blocos</translation>
    </message>
    <message>
        <source>Today (31/05/2024)</source>
        <translation>Hoje (31/05/2024)</translation>
    </message>
    <message>
        <source>Today, long (31 de maio de 2024)</source>
        <translation>Hoje, por extenso (31 de maio de 2024)</translation>
    </message>
    <message>
        <source>If the lead has a company…</source>
        <translation>Se o lead tiver empresa…</translation>
    </message>
    <message>
        <source>Value as money (R$ 1.234,56)</source>
        <translation>Valor em reais (R$ 1.234,56)</translation>
    </message>
</context>
<context>
    <name>MessagesView</name>
    <message>
        <source>Search lead, phone or text</source>
        <translation>Buscar por lead, telefone ou texto</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Reenviar</translation>
    </message>
    <message>
        <source>Queue the selected failed or undelivered messages again, as new messages</source>
        <translation>Colocar de novo na fila as mensagens selecionadas que falharam ou não foram entregues, como mensagens novas</translation>
    </message>
    <message>
        <source>Cancel sending</source>
        <translation>Cancelar envio</translation>
    </message>
    <message>
        <source>Cancel the selected queued or held messages</source>
        <translation>Cancelar as mensagens selecionadas que estão na fila ou retidas</translation>
    </message>
    <message>
        <source>Open lead</source>
        <translation>Abrir lead</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>Atualizar (F5)</translation>
    </message>
    <message>
        <source>New message…</source>
        <translation>Nova mensagem…</translation>
    </message>
    <message>
        <source>Write an SMS to every lead or to a segment</source>
        <translation>Escrever um SMS para todos os leads ou para um segmento</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Caixa de saída</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Next send due {when}</source>
        <translation>Próximo envio: {when}</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n mensagem</numerusform>
            <numerusform>%n mensagens</numerusform>
        </translation>
    </message>
    <message>
        <source>No message matches this filter.</source>
        <translation>Nenhuma mensagem corresponde a este filtro.</translation>
    </message>
    <message>
        <source>No messages yet. Send one from the Leads screen (select leads, then Send SMS…) or with New message…</source>
        <translation>Nenhuma mensagem ainda. Envie uma pela tela de Leads (selecione os leads e clique em Enviar SMS…) ou em Nova mensagem…</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) queued again; they are sent in the background.</source>
        <translation>
            <numerusform>%n mensagem colocada de novo na fila; ela será enviada em segundo plano.</numerusform>
            <numerusform>%n mensagens colocadas de novo na fila; elas serão enviadas em segundo plano.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not sent again: {reasons}.</source>
        <translation>Não reenviadas: {reasons}.</translation>
    </message>
    <message>
        <source>Cancel messages</source>
        <translation>Cancelar mensagens</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n message(s)? They will not be sent.</source>
        <translation>
            <numerusform>Cancelar %n mensagem? Ela não será enviada.</numerusform>
            <numerusform>Cancelar %n mensagens? Elas não serão enviadas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) canceled.</source>
        <translation>
            <numerusform>%n mensagem cancelada.</numerusform>
            <numerusform>%n mensagens canceladas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every lead</source>
        <translation>Todos os leads</translation>
    </message>
    <message>
        <source>Cancel sending…</source>
        <translation>Cancelar envio…</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>Copiar texto</translation>
    </message>
</context>
<context>
    <name>ModelCard</name>
    <message>
        <source>Thumbs up and down on what this model produced; they are used at the next training.</source>
        <translation>Avaliações positivas e negativas sobre o que este modelo produziu; elas são usadas no próximo treinamento.</translation>
    </message>
    <message>
        <source>Not trained yet.</source>
        <translation>Ainda não treinado.</translation>
    </message>
    <message>
        <source>not trained</source>
        <translation>não treinado</translation>
    </message>
    <message>
        <source>v{version} · little data</source>
        <translation>v{version} · poucos dados</translation>
    </message>
    <message>
        <source>v{version} in use</source>
        <translation>v{version} em uso</translation>
    </message>
    <message>
        <source>Learned from {what} on {when}.</source>
        <translation>Aprendido com {what} em {when}.</translation>
    </message>
    <message>
        <source>A newer version (v{version}) was trained but not put in use: {note}</source>
        <translation>Uma versão mais nova (v{version}) foi treinada, mas não foi colocada em uso: {note}</translation>
    </message>
    <message>
        <source>Reps&apos; votes: {votes}</source>
        <translation>Votos dos vendedores: {votes}</translation>
    </message>
    <message>
        <source>Calibration: the newest closed leads, which the model had not seen, grouped by the chance it gave them; in a well calibrated model the share that converted matches the chance.</source>
        <translation>Calibração: os leads fechados mais recentes, que o modelo não tinha visto, agrupados pela chance que ele deu a cada um; num modelo bem calibrado, a parcela que converteu bate com a chance.</translation>
    </message>
    <message>
        <source>Scores brought up to date on {when}; new and edited leads are scored before each automations pass.</source>
        <translation>Pontuações atualizadas em {when}; leads novos e editados são pontuados antes de cada rodada das automações.</translation>
    </message>
    <message>
        <source>Scores not brought up to date yet: new and edited leads are scored before each automations pass.</source>
        <translation>Pontuações ainda não atualizadas: leads novos e editados são pontuados antes de cada rodada das automações.</translation>
    </message>
    <message>
        <source>A newer version (v{version}) is stored but not in use.</source>
        <translation>Uma versão mais nova (v{version}) está guardada, mas fora de uso.</translation>
    </message>
    <message>
        <source>No quality measure yet: too little data to test the model on examples it had not seen.</source>
        <translation>Ainda sem medida de qualidade: há poucos dados para testar o modelo com exemplos que ele não viu.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Little data&lt;/b&gt; (poucos dados): with this few closed deals the scores come from a simple frequency model. Treat them as a rough guide; they improve as you close more deals and retrain.</source>
        <translation>&lt;b&gt;Poucos dados&lt;/b&gt;: com tão poucos negócios fechados, as pontuações vêm de um modelo simples de frequência. Use-as como uma referência aproximada; elas melhoram à medida que você fecha mais negócios e retreina.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Little data&lt;/b&gt; (poucos dados): this model learned from few examples, so its suggestions are simple. Treat them as a rough guide; they improve with more history.</source>
        <translation>&lt;b&gt;Poucos dados&lt;/b&gt;: este modelo aprendeu com poucos exemplos, então as sugestões são simples. Use-as como uma referência aproximada; elas melhoram com mais histórico.</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Trained</source>
        <translation>Treinado em</translation>
    </message>
    <message>
        <source>Learned from</source>
        <translation>Aprendido com</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualidade</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>Votos</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Observação</translation>
    </message>
    <message>
        <source>Use this version</source>
        <translation>Usar esta versão</translation>
    </message>
    <message>
        <source>Put v{version} in use; you confirm first.</source>
        <translation>Colocar a v{version} em uso; você confirma antes.</translation>
    </message>
</context>
<context>
    <name>Outcome</name>
    <message>
        <source>Reached</source>
        <translation>Atendeu</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Não atendeu</translation>
    </message>
    <message>
        <source>Voicemail</source>
        <translation>Caixa postal</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Ocupado</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>Número errado</translation>
    </message>
    <message>
        <source>Interested</source>
        <translation>Interessado</translation>
    </message>
    <message>
        <source>Not interested</source>
        <translation>Sem interesse</translation>
    </message>
    <message>
        <source>Follow-up scheduled</source>
        <translation>Retorno agendado</translation>
    </message>
    <message>
        <source>Proposal sent</source>
        <translation>Proposta enviada</translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message>
        <source>&amp;Owner:</source>
        <translation>&amp;Responsável:</translation>
    </message>
    <message>
        <source>Reload the board</source>
        <translation>Recarregar o funil</translation>
    </message>
    <message>
        <source>Drag cards between stages · Ctrl+←/→ moves the selected card · double-click opens it</source>
        <translation>Arraste os cartões entre as etapas · Ctrl+←/→ move o cartão selecionado · clique duplo abre o lead</translation>
    </message>
    <message>
        <source>All owners</source>
        <translation>Todos os responsáveis</translation>
    </message>
    <message>
        <source>My leads</source>
        <translation>Meus leads</translation>
    </message>
    <message numerus="yes">
        <source>Open pipeline: %n lead(s)</source>
        <translation>
            <numerusform>Funil em aberto: %n lead</numerusform>
            <numerusform>Funil em aberto: %n leads</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 was changed by someone else, so it stays in %2. The board now shows the latest version; try again.</source>
        <translation>%1 foi alterado por outra pessoa, por isso continua em %2. O funil agora mostra a versão mais recente; tente de novo.</translation>
    </message>
    <message>
        <source>%1 could not be moved: %2</source>
        <translation>Não foi possível mover %1: %2</translation>
    </message>
    <message>
        <source>Open lead</source>
        <translation>Abrir lead</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>Mover para</translation>
    </message>
</context>
<context>
    <name>Placeholder</name>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Your leads on an embedded Google map, with clustered markers colored by stage or score, nearby leads, a planned day route and visit logging, and a route sheet that works offline.</source>
        <translation>Seus leads num mapa do Google integrado, com marcadores agrupados e coloridos por etapa ou pontuação, leads próximos, roteiro do dia planejado, registro de visitas e uma folha de rota que funciona offline.</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensagens</translation>
    </message>
    <message>
        <source>SMS one to one and in bulk through Twilio, with templates personalized from each lead&apos;s history, delivery status, replies, and consent, opt-out and quiet hours checked before anything is sent.</source>
        <translation>SMS individual e em massa pelo Twilio, com modelos personalizados a partir do histórico de cada lead, status de entrega, respostas, e consentimento, descadastro e horário permitido verificados antes de qualquer envio.</translation>
    </message>
    <message>
        <source>Automations</source>
        <translation>Automações</translation>
    </message>
    <message>
        <source>Triggers and sequences that send the right message at the right time (for example a follow-up two days after a visit), with delays, and a log of everything they did.</source>
        <translation>Gatilhos e sequências que enviam a mensagem certa na hora certa (por exemplo, um retorno dois dias depois de uma visita), com intervalos, e um registro de tudo o que fizeram.</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Análises</translation>
    </message>
    <message>
        <source>The manager&apos;s dashboard: the funnel with drop-off, win rate by source, segment and rep, activity over time and message response rates, exportable as PNG, PDF, CSV or XLSX.</source>
        <translation>O painel do gestor: o funil com as perdas entre etapas, taxa de conversão por origem, segmento e vendedor, atividade ao longo do tempo e taxas de resposta das mensagens, exportáveis em PNG, PDF, CSV ou XLSX.</translation>
    </message>
    <message>
        <source>Feedback</source>
        <translation>Feedback</translation>
    </message>
    <message>
        <source>Thumbs up or down, with a reason, on every score and recommendation, and a suggestion form; your feedback trains the next model and reaches your manager.</source>
        <translation>Avaliação positiva ou negativa, com o motivo, em cada pontuação e recomendação, e um formulário de sugestões; seu feedback treina o próximo modelo e chega ao seu gestor.</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Not available in this version of AIConnect.</source>
        <translation>Não disponível nesta versão do AIConnect.</translation>
    </message>
</context>
<context>
    <name>Recipients</name>
    <message numerus="yes">
        <source>%n selected lead(s)</source>
        <translation>
            <numerusform>%n lead selecionado</numerusform>
            <numerusform>%n leads selecionados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every lead in the list (%n)</source>
        <translation>
            <numerusform>Todos os leads da lista (%n)</numerusform>
            <numerusform>Todos os leads da lista (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecommendationItem</name>
    <message>
        <source>Model score {score} (model v{version})</source>
        <translation>Pontuação do modelo: {score} (modelo v{version})</translation>
    </message>
</context>
<context>
    <name>Recommendations</name>
    <message>
        <source>Send the SMS “{template}”</source>
        <translation>Enviar o SMS “{template}”</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Ligar</translation>
    </message>
    <message>
        <source>Schedule a meeting</source>
        <translation>Agendar uma reunião</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visitar</translation>
    </message>
    <message>
        <source>Send an e-mail</source>
        <translation>Enviar um e-mail</translation>
    </message>
    <message>
        <source>Send an SMS</source>
        <translation>Enviar um SMS</translation>
    </message>
    <message>
        <source>Good idea for this lead</source>
        <translation>Boa ideia para este lead</translation>
    </message>
    <message>
        <source>Already done</source>
        <translation>Já foi feito</translation>
    </message>
    <message>
        <source>Not relevant for this lead</source>
        <translation>Não se aplica a este lead</translation>
    </message>
    <message>
        <source>Wrong timing</source>
        <translation>Momento errado</translation>
    </message>
    <message>
        <source>Already bought it</source>
        <translation>Já comprou</translation>
    </message>
</context>
<context>
    <name>RecommendationsPanel</name>
    <message>
        <source>Recommendations</source>
        <translation>Recomendações</translation>
    </message>
    <message>
        <source>No recommendations yet: no recommendation model has been trained.</source>
        <translation>Nenhuma recomendação ainda: nenhum modelo de recomendação foi treinado.</translation>
    </message>
    <message>
        <source>Next best action</source>
        <translation>Próxima melhor ação</translation>
    </message>
    <message>
        <source>Products to offer</source>
        <translation>Produtos para oferecer</translation>
    </message>
    <message>
        <source>No product model yet. Import purchases (aiconnect import purchases FILE), then train the models in Insights.</source>
        <translation>Nenhum modelo de produtos ainda. Importe as compras (aiconnect import purchases ARQUIVO) e depois treine os modelos em Insights.</translation>
    </message>
    <message>
        <source>No next-action model yet. Train the models in Insights.</source>
        <translation>Nenhum modelo de próxima ação ainda. Treine os modelos em Insights.</translation>
    </message>
    <message>
        <source>Next actions are suggested for open leads; this one is closed.</source>
        <translation>As próximas ações são sugeridas para leads em aberto; este já está fechado.</translation>
    </message>
    <message>
        <source>Products are suggested from purchase history, and this lead has no purchases yet.</source>
        <translation>Os produtos são sugeridos a partir do histórico de compras, e este lead ainda não tem compras.</translation>
    </message>
    <message>
        <source>Nothing for this lead yet: recommendations are worked out when the leads are scored (Insights → Retrain).</source>
        <translation>Nada para este lead ainda: as recomendações são calculadas quando os leads são pontuados (Insights → Retreinar).</translation>
    </message>
    <message>
        <source>Train the models in Insights</source>
        <translation>Treinar os modelos em Insights</translation>
    </message>
    <message>
        <source>The recommendations were just updated; here are the new ones.</source>
        <translation>As recomendações acabaram de ser atualizadas; aqui estão as novas.</translation>
    </message>
</context>
<context>
    <name>RouteSheet</name>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>NE</source>
        <translation>NE</translation>
    </message>
    <message>
        <source>E</source>
        <translation>L</translation>
    </message>
    <message>
        <source>SE</source>
        <translation>SE</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>SW</source>
        <translation>SO</translation>
    </message>
    <message>
        <source>W</source>
        <translation>O</translation>
    </message>
    <message>
        <source>NW</source>
        <translation>NO</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>{m} m</source>
        <translation>{m} m</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} h {m:02d} min</translation>
    </message>
    <message>
        <source>Order and times from Google Routes (driving).</source>
        <translation>Ordem e tempos do Google Routes (de carro).</translation>
    </message>
    <message>
        <source>Offline estimate: nearest-neighbor order, straight-line distances, times at 30 km/h.</source>
        <translation>Estimativa offline: ordem pelo vizinho mais próximo, distâncias em linha reta, tempos a 30 km/h.</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>Chegada</translation>
    </message>
    <message>
        <source>Lead</source>
        <translation>Lead</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Leg</source>
        <translation>Trecho</translation>
    </message>
    <message>
        <source>Last interaction</source>
        <translation>Última interação</translation>
    </message>
    <message>
        <source>Not in the route (no position yet): {names}</source>
        <translation>Fora da rota (ainda sem localização): {names}</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distância</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direção</translation>
    </message>
    <message>
        <source>No lead in this list has a position yet, so there is nothing to measure from. Geocode the leads once the network is back, or enter your position.</source>
        <translation>Nenhum lead desta lista tem localização ainda, então não há de onde medir. Geocodifique os leads quando a rede voltar ou informe a sua posição.</translation>
    </message>
    <message>
        <source>Offline route sheet</source>
        <translation>Folha de rota offline</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>nenhuma ainda</translation>
    </message>
    <message>
        <source>Score {score}</source>
        <translation>Pontuação {score}</translation>
    </message>
    <message>
        <source>Not scored yet</source>
        <translation>Ainda sem pontuação</translation>
    </message>
    <message>
        <source>Route sheet</source>
        <translation>Folha de rota</translation>
    </message>
    <message>
        <source>Nearby</source>
        <translation>Por perto</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parada</translation>
    </message>
    <message>
        <source>Lead ID</source>
        <translation>ID do lead</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Leg (km)</source>
        <translation>Trecho (km)</translation>
    </message>
    <message>
        <source>Leg (min)</source>
        <translation>Trecho (min)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
</context>
<context>
    <name>RouteSheetText</name>
    <message numerus="yes">
        <source>%n stop(s) · {km} · {time} on the road · leaving {when}</source>
        <translation>
            <numerusform>%n parada · {km} · {time} na estrada · saída {when}</numerusform>
            <numerusform>%n paradas · {km} · {time} na estrada · saída {when}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more.</source>
        <translation>
            <numerusform>… e mais %n.</numerusform>
            <numerusform>… e mais %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lead(s) within {km} of {around}.</source>
        <translation>
            <numerusform>%n lead a até {km} de {around}.</numerusform>
            <numerusform>%n leads a até {km} de {around}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Scheduler</name>
    <message>
        <source>SMS: checking…</source>
        <translation>SMS: verificando…</translation>
    </message>
    <message>
        <source>Reading replies, running automations and sending what is due.</source>
        <translation>Lendo respostas, rodando automações e enviando o que está previsto.</translation>
    </message>
    <message>
        <source>Twilio cannot be reached ({problem}). Every message stays in the outbox and goes out when the connection is back. Next try: {when}.</source>
        <translation>Não foi possível acessar o Twilio ({problem}). Todas as mensagens ficam na caixa de saída e são enviadas quando a conexão voltar. Próxima tentativa: {when}.</translation>
    </message>
    <message>
        <source>Twilio refused the account settings</source>
        <translation>O Twilio recusou as configurações da conta</translation>
    </message>
    <message numerus="yes">
        <source>SMS offline — %n message(s) waiting</source>
        <translation>
            <numerusform>SMS offline — %n mensagem aguardando</numerusform>
            <numerusform>SMS offline — %n mensagens aguardando</numerusform>
        </translation>
    </message>
    <message>
        <source>SMS cannot be sent until the Twilio Account SID, auth token and sender are set: open Settings (click here). Automations keep queueing their messages meanwhile.
{problem}</source>
        <translation>Não é possível enviar SMS até que o Account SID, o Auth Token e o remetente do Twilio sejam definidos: abra as Configurações (clique aqui). Enquanto isso, as automações continuam colocando mensagens na fila.
{problem}</translation>
    </message>
    <message>
        <source>Twilio is not configured</source>
        <translation>Twilio não configurado</translation>
    </message>
    <message>
        <source>{problem}
Correct them in Settings (click here); nothing is sent until then.</source>
        <translation>{problem}
Corrija em Configurações (clique aqui); nada é enviado até lá.</translation>
    </message>
    <message>
        <source>{holder} is sending this workspace&apos;s messages; this window leaves the outbox to it and takes over if it stops.</source>
        <translation>{holder} está enviando as mensagens deste espaço de trabalho; esta janela deixa a caixa de saída com ele e assume se ele parar.</translation>
    </message>
    <message>
        <source>SMS sent by another AIConnect</source>
        <translation>SMS enviados por outro AIConnect</translation>
    </message>
    <message>
        <source>The last messaging pass failed: {problem}
Details are in the log. Next try: {when}.</source>
        <translation>A última rodada de envio falhou: {problem}
Os detalhes estão no log. Próxima tentativa: {when}.</translation>
    </message>
    <message>
        <source>SMS paused by an error</source>
        <translation>SMS pausado por um erro</translation>
    </message>
    <message>
        <source>SMS scheduler stopped</source>
        <translation>Agendador de SMS parado</translation>
    </message>
    <message numerus="yes">
        <source>SMS: %n message(s) waiting</source>
        <translation>
            <numerusform>SMS: %n mensagem aguardando</numerusform>
            <numerusform>SMS: %n mensagens aguardando</numerusform>
        </translation>
    </message>
    <message>
        <source>SMS up to date</source>
        <translation>SMS em dia</translation>
    </message>
    <message>
        <source>Last check {at}: {sent} sent, {replies} replies. Next check: {when} (click to check now).</source>
        <translation>Última verificação {at}: {sent} enviados, {replies} respostas. Próxima verificação: {when} (clique para verificar agora).</translation>
    </message>
    <message>
        <source>Waiting messages are queued, held for quiet hours or the weekly cap, or being retried; the Messages screen shows why.</source>
        <translation>As mensagens aguardando estão na fila, retidas pelo horário de envio ou pelo limite semanal, ou sendo tentadas de novo; a tela Mensagens mostra o motivo.</translation>
    </message>
</context>
<context>
    <name>Score</name>
    <message>
        <source>High chance</source>
        <translation>Chance alta</translation>
    </message>
    <message>
        <source>Medium chance</source>
        <translation>Chance média</translation>
    </message>
    <message>
        <source>Low chance</source>
        <translation>Chance baixa</translation>
    </message>
    <message>
        <source>Not scored</source>
        <translation>Sem pontuação</translation>
    </message>
    <message>
        <source>little data</source>
        <translation>poucos dados</translation>
    </message>
    <message>
        <source>Not scored: closed leads and leads added since the last scoring have no score.</source>
        <translation>Sem pontuação: leads fechados e leads adicionados depois da última pontuação não têm pontuação.</translation>
    </message>
    <message>
        <source>{chance}% chance of converting ({band}).</source>
        <translation>{chance}% de chance de conversão ({band}).</translation>
    </message>
    <message>
        <source>Little data (poucos dados): the model learned from few closed deals; read it as a rough guide.</source>
        <translation>Poucos dados: o modelo aprendeu com poucos negócios fechados; use como uma referência aproximada.</translation>
    </message>
    <message>
        <source>Click for the reasons ({shortcut}).</source>
        <translation>Clique para ver os motivos ({shortcut}).</translation>
    </message>
    <message>
        <source>Matches what I know about this lead</source>
        <translation>Bate com o que sei deste lead</translation>
    </message>
    <message>
        <source>Too high: not really interested</source>
        <translation>Alta demais: não está tão interessado</translation>
    </message>
    <message>
        <source>Too low: this lead is hot</source>
        <translation>Baixa demais: este lead está quente</translation>
    </message>
    <message>
        <source>Wrong or old data on the lead</source>
        <translation>Dados do lead errados ou desatualizados</translation>
    </message>
</context>
<context>
    <name>ScorePopover</name>
    <message>
        <source>Working out the reasons…</source>
        <translation>Calculando os motivos…</translation>
    </message>
    <message>
        <source>The reasons could not be worked out: {error}</source>
        <translation>Não foi possível calcular os motivos: {error}</translation>
    </message>
    <message>
        <source>No scoring model has been trained yet. Train the models in Insights to see a chance and its reasons.</source>
        <translation>Nenhum modelo de pontuação foi treinado ainda. Treine os modelos em Insights para ver a chance e os motivos.</translation>
    </message>
    <message>
        <source>chance of converting</source>
        <translation>chance de conversão</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>sem pontuação</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Little data&lt;/b&gt; (poucos dados): the model learned from only %n closed lead(s), so read this as a rough guide. It improves as deals are won and lost.</source>
        <translation>
            <numerusform>&lt;b&gt;Poucos dados&lt;/b&gt;: o modelo aprendeu com só %n lead fechado, então use isto como uma referência aproximada. Ele melhora à medida que negócios são ganhos e perdidos.</numerusform>
            <numerusform>&lt;b&gt;Poucos dados&lt;/b&gt;: o modelo aprendeu com só %n leads fechados, então use isto como uma referência aproximada. Ele melhora à medida que negócios são ganhos e perdidos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Raises the chance</source>
        <translation>Aumenta a chance</translation>
    </message>
    <message>
        <source>Lowers the chance</source>
        <translation>Diminui a chance</translation>
    </message>
    <message>
        <source>Nothing stands out: close to a typical lead here.</source>
        <translation>Nada se destaca: parecido com um lead típico daqui.</translation>
    </message>
    <message numerus="yes">
        <source>Model v{version}, trained {date} from %n closed lead(s)</source>
        <translation>
            <numerusform>Modelo v{version}, treinado em {date} com %n lead fechado</numerusform>
            <numerusform>Modelo v{version}, treinado em {date} com %n leads fechados</numerusform>
        </translation>
    </message>
    <message>
        <source>AUC {auc} on the newest closed leads</source>
        <translation>AUC {auc} nos leads fechados mais recentes</translation>
    </message>
    <message>
        <source>This score was computed by {label}; retrain in Insights to refresh it.</source>
        <translation>Esta pontuação foi calculada por {label}; retreine em Insights para atualizá-la.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source>Is this score right?</source>
        <translation>Esta pontuação está certa?</translation>
    </message>
    <message>
        <source>Thanks: used at the next training.</source>
        <translation>Obrigado! Será usado no próximo treinamento.</translation>
    </message>
    <message>
        <source>Vote withdrawn.</source>
        <translation>Voto retirado.</translation>
    </message>
</context>
<context>
    <name>SegmentCard</name>
    <message numerus="yes">
        <source>%n lead(s)</source>
        <translation>
            <numerusform>%n lead</numerusform>
            <numerusform>%n leads</numerusform>
        </translation>
    </message>
    <message>
        <source>{share}% of all</source>
        <translation>{share}% do total</translation>
    </message>
    <message>
        <source>Show in list</source>
        <translation>Mostrar na lista</translation>
    </message>
    <message>
        <source>Open the Leads list filtered to this segment</source>
        <translation>Abrir a lista de Leads filtrada por este segmento</translation>
    </message>
    <message>
        <source>Reps&apos; votes: {votes}</source>
        <translation>Votos dos vendedores: {votes}</translation>
    </message>
    <message>
        <source>Thumbs up and down the reps gave this segment on their leads (withdrawn votes left out). They are reported with the segments model; they do not move leads between segments.</source>
        <translation>Votos positivos e negativos que os vendedores deram a este segmento nos seus leads (sem os votos retirados). Eles aparecem no relatório do modelo de segmentos; não mudam leads de segmento.</translation>
    </message>
    <message>
        <source>Median score {score}</source>
        <translation>Pontuação mediana {score}</translation>
    </message>
    <message>
        <source>No open leads scored</source>
        <translation>Nenhum lead em aberto pontuado</translation>
    </message>
</context>
<context>
    <name>SequenceCard</name>
    <message>
        <source>Entered {when}</source>
        <translation>Entrou em {when}</translation>
    </message>
    <message>
        <source>Take out</source>
        <translation>Retirar</translation>
    </message>
    <message>
        <source>End this sequence for the lead: nothing more is sent by it</source>
        <translation>Encerrar esta sequência para o lead: ela não envia mais nada</translation>
    </message>
    <message>
        <source>Nothing sent yet</source>
        <translation>Nada enviado ainda</translation>
    </message>
</context>
<context>
    <name>SequencesView</name>
    <message>
        <source>This lead is in no sequence. Automations enroll leads when their trigger happens (Automations screen).</source>
        <translation>Este lead não está em nenhuma sequência. As automações incluem leads quando o gatilho acontece (tela Automações).</translation>
    </message>
</context>
<context>
    <name>Services</name>
    <message>
        <source>{value} is not one of {choices}</source>
        <translation>{value} não é uma das opções: {choices}</translation>
    </message>
    <message>
        <source>{value} is not a finite number</source>
        <translation>{value} não é um número finito</translation>
    </message>
    <message>
        <source>{value} is not a number</source>
        <translation>{value} não é um número</translation>
    </message>
    <message>
        <source>{value} is not a date (use 2024-05-31 or 31/05/2024)</source>
        <translation>{value} não é uma data (use 31/05/2024 ou 2024-05-31)</translation>
    </message>
    <message>
        <source>must start with a letter and use only a-z, 0-9 and _ (at most 80)</source>
        <translation>deve começar com uma letra e usar só a-z, 0-9 e _ (no máximo 80)</translation>
    </message>
    <message>
        <source>must be one of {kinds}</source>
        <translation>deve ser um destes: {kinds}</translation>
    </message>
    <message>
        <source>a choice field needs at least one choice</source>
        <translation>um campo de escolha precisa de pelo menos uma opção</translation>
    </message>
    <message>
        <source>{file}: the workspace kept changing while the file was imported; nothing was imported, try again</source>
        <translation>{file}: o espaço de trabalho continuou mudando durante a importação do arquivo; nada foi importado, tente de novo</translation>
    </message>
    <message>
        <source>no lead has the e-mail {value}</source>
        <translation>nenhum lead tem o e-mail {value}</translation>
    </message>
    <message>
        <source>no lead has the phone {value}</source>
        <translation>nenhum lead tem o telefone {value}</translation>
    </message>
    <message>
        <source>is required: the row names no lead (lead_id, lead_email or lead_phone)</source>
        <translation>é obrigatório: a linha não indica nenhum lead (lead_id, lead_email ou lead_phone)</translation>
    </message>
    <message>
        <source>no lead or customer matches {value} (by external id, id or e-mail)</source>
        <translation>nenhum lead ou cliente corresponde a {value} (por ID externo, ID ou e-mail)</translation>
    </message>
    <message>
        <source>{value} is not a date and time (use 2024-05-31 14:30 or 31/05/2024 14:30)</source>
        <translation>{value} não é uma data e hora (use 31/05/2024 14:30 ou 2024-05-31 14:30)</translation>
    </message>
    <message>
        <source>interaction {id} was changed by someone else; reload and try again</source>
        <translation>a interação {id} foi alterada por outra pessoa; recarregue e tente de novo</translation>
    </message>
    <message>
        <source>is not an interaction field</source>
        <translation>não é um campo de interação</translation>
    </message>
    <message>
        <source>{value} is not a lead id</source>
        <translation>{value} não é um ID de lead</translation>
    </message>
    <message>
        <source>must be one of {kinds}, not {value}</source>
        <translation>deve ser um destes: {kinds}, e não {value}</translation>
    </message>
    <message>
        <source>are longer than {n} characters</source>
        <translation>têm mais de {n} caracteres</translation>
    </message>
    <message>
        <source>unknown user {value}</source>
        <translation>usuário desconhecido: {value}</translation>
    </message>
    <message>
        <source>{value} is not a number of seconds</source>
        <translation>{value} não é um número de segundos</translation>
    </message>
    <message>
        <source>cannot be negative</source>
        <translation>não pode ser negativo</translation>
    </message>
    <message>
        <source>an interaction cannot move to another lead</source>
        <translation>uma interação não pode ser transferida para outro lead</translation>
    </message>
    <message>
        <source>interaction {id} does not exist</source>
        <translation>a interação {id} não existe</translation>
    </message>
    <message>
        <source>is not a lead field</source>
        <translation>não é um campo de lead</translation>
    </message>
    <message>
        <source>cannot be empty</source>
        <translation>não pode ficar vazio</translation>
    </message>
    <message>
        <source>must be &apos;lead&apos; or &apos;customer&apos;, not {value}</source>
        <translation>deve ser &apos;lead&apos; ou &apos;customer&apos;, e não {value}</translation>
    </message>
    <message>
        <source>must be a mapping of custom field names to values</source>
        <translation>deve associar nomes de campos personalizados a valores</translation>
    </message>
    <message>
        <source>unknown stage {value} (known: {known})</source>
        <translation>etapa desconhecida: {value} (existentes: {known})</translation>
    </message>
    <message>
        <source>tag {tag}… is longer than 80 characters</source>
        <translation>a etiqueta {tag}… tem mais de 80 caracteres</translation>
    </message>
    <message>
        <source>{number} is outside -90..90</source>
        <translation>{number} está fora de -90..90</translation>
    </message>
    <message>
        <source>{number} is outside -180..180</source>
        <translation>{number} está fora de -180..180</translation>
    </message>
    <message>
        <source>0 is not a quantity bought</source>
        <translation>a quantidade comprada não pode ser 0</translation>
    </message>
    <message>
        <source>{value} is negative; use 0 or more</source>
        <translation>{value} é negativo; use 0 ou mais</translation>
    </message>
    <message>
        <source>{value} is outside the allowed range {low} to {high}</source>
        <translation>{value} está fora do intervalo permitido, de {low} a {high}</translation>
    </message>
    <message>
        <source>{value} is negative but the invoice does not mark a return (a return&apos;s invoice starts with C)</source>
        <translation>{value} é negativo, mas o número da nota não indica uma devolução (a nota de uma devolução começa com C)</translation>
    </message>
    <message>
        <source>{value} is outside the allowed dates {earliest} to {latest}</source>
        <translation>{value} está fora das datas permitidas, de {earliest} a {latest}</translation>
    </message>
    <message>
        <source>{value} is not yes/no</source>
        <translation>{value} não é sim/não</translation>
    </message>
    <message>
        <source>{value} is not a known time zone; use an IANA name such as America/Sao_Paulo</source>
        <translation>{value} não é um fuso horário conhecido; use um nome IANA como America/Sao_Paulo</translation>
    </message>
    <message>
        <source>{value} is not a two-letter country code</source>
        <translation>{value} não é um código de país de duas letras</translation>
    </message>
    <message>
        <source>{value} is not a phone number ({why})</source>
        <translation>{value} não é um número de telefone ({why})</translation>
    </message>
    <message>
        <source>{value} is not a valid phone number for {region}</source>
        <translation>{value} não é um número de telefone válido para {region}</translation>
    </message>
    <message>
        <source>too short</source>
        <translation>curto demais</translation>
    </message>
    <message>
        <source>unknown country code</source>
        <translation>código de país desconhecido</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>não é um número</translation>
    </message>
    <message>
        <source>too long</source>
        <translation>longo demais</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>ilegível</translation>
    </message>
    <message>
        <source>{value} is not an e-mail address</source>
        <translation>{value} não é um endereço de e-mail</translation>
    </message>
    <message>
        <source>{file}: the file does not exist</source>
        <translation>{file}: o arquivo não existe</translation>
    </message>
    <message>
        <source>{file}: is a folder, not a file</source>
        <translation>{file}: é uma pasta, não um arquivo</translation>
    </message>
    <message>
        <source>{file}: old Excel .xls files cannot be read; save it as .xlsx or CSV</source>
        <translation>{file}: arquivos .xls do Excel antigo não podem ser lidos; salve como .xlsx ou CSV</translation>
    </message>
    <message>
        <source>{file}: cannot import {suffix} files; use CSV (.csv, .tsv, .txt, also gzipped) or Excel (.xlsx)</source>
        <translation>{file}: não é possível importar arquivos {suffix}; use CSV (.csv, .tsv, .txt, também compactados com gzip) ou Excel (.xlsx)</translation>
    </message>
    <message>
        <source>{file}: cannot import files without an extension; use CSV (.csv, .tsv, .txt, also gzipped) or Excel (.xlsx)</source>
        <translation>{file}: não é possível importar arquivos sem extensão; use CSV (.csv, .tsv, .txt, também compactados com gzip) ou Excel (.xlsx)</translation>
    </message>
    <message>
        <source>{file}: cannot be read (permission denied)</source>
        <translation>{file}: não pode ser lido (permissão negada)</translation>
    </message>
    <message>
        <source>{file}: the file is empty</source>
        <translation>{file}: o arquivo está vazio</translation>
    </message>
    <message>
        <source>{file}: near row {row}, the file is not valid {encoding} text ({reason})</source>
        <translation>{file}: perto da linha {row}, o arquivo não é um texto {encoding} válido ({reason})</translation>
    </message>
    <message>
        <source>{file}: row {row} opens a quote in column {column} that is not closed where the value ends, so the {count} lines after it were read as part of that value; close or remove the quote</source>
        <translation>{file}: a linha {row} abre aspas na coluna {column} que não são fechadas onde o valor termina, então as {count} linhas seguintes foram lidas como parte desse valor; feche ou remova as aspas</translation>
    </message>
    <message>
        <source>{file}: the compressed file is damaged or cut short ({reason}); compress it again</source>
        <translation>{file}: o arquivo compactado está danificado ou incompleto ({reason}); compacte-o de novo</translation>
    </message>
    <message>
        <source>{file}: is not a text file (it looks binary); export it as CSV or XLSX</source>
        <translation>{file}: não é um arquivo de texto (parece binário); exporte como CSV ou XLSX</translation>
    </message>
    <message>
        <source>{file}: has a header row but no data rows</source>
        <translation>{file}: tem linha de cabeçalho, mas nenhuma linha de dados</translation>
    </message>
    <message>
        <source>{file}: the name of column {column} is not a column name (longer than {n} characters, or with control characters); the first row must name the columns</source>
        <translation>{file}: o nome da coluna {column} não é um nome de coluna válido (tem mais de {n} caracteres ou caracteres de controle); a primeira linha deve trazer os nomes das colunas</translation>
    </message>
    <message>
        <source>{file}: the column {column} appears twice (columns {first} and {second}); rename one of them</source>
        <translation>{file}: a coluna {column} aparece duas vezes (colunas {first} e {second}); renomeie uma delas</translation>
    </message>
    <message>
        <source>{file}: the first row has no column names</source>
        <translation>{file}: a primeira linha não tem nomes de colunas</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>é obrigatório</translation>
    </message>
    <message>
        <source>lead {id} does not exist</source>
        <translation>o lead {id} não existe</translation>
    </message>
    <message>
        <source>is longer than {n} characters</source>
        <translation>tem mais de {n} caracteres</translation>
    </message>
    <message>
        <source>its automation was deleted</source>
        <translation>a automação dela foi excluída</translation>
    </message>
    <message>
        <source>the lead does not exist</source>
        <translation>o lead não existe</translation>
    </message>
    <message>
        <source>the lead was deleted</source>
        <translation>o lead foi excluído</translation>
    </message>
    <message>
        <source>the lead has no phone number</source>
        <translation>o lead não tem telefone</translation>
    </message>
    <message>
        <source>the lead&apos;s phone number is invalid</source>
        <translation>o telefone do lead é inválido</translation>
    </message>
    <message>
        <source>the lead&apos;s phone cannot receive SMS (landline or not a mobile number)</source>
        <translation>o telefone do lead não recebe SMS (fixo ou não é celular)</translation>
    </message>
    <message>
        <source>the lead has not consented to SMS</source>
        <translation>o lead não deu consentimento para SMS</translation>
    </message>
    <message>
        <source>the lead opted out of SMS</source>
        <translation>o lead pediu para não receber SMS</translation>
    </message>
    <message>
        <source>the lead already got the weekly maximum of messages</source>
        <translation>o lead já recebeu o máximo de mensagens da semana</translation>
    </message>
    <message>
        <source>the template could not be filled in for this lead</source>
        <translation>não foi possível preencher o modelo para este lead</translation>
    </message>
    <message>
        <source>the message is empty</source>
        <translation>a mensagem está vazia</translation>
    </message>
    <message>
        <source>set the lead&apos;s time zone to send: no hour of the sending window {window} is inside it in every time zone of the lead&apos;s phone number ({zones})</source>
        <translation>defina o fuso horário do lead para enviar: nenhum horário da janela de envio {window} fica dentro dela em todos os fusos horários do telefone do lead ({zones})</translation>
    </message>
    <message>
        <source>quiet hours for the recipient ({zone}); sending at {time} on {day} their time (window {window})</source>
        <translation>horário de silêncio do destinatário ({zone}); envio às {time} de {day}, no horário dele (janela {window})</translation>
    </message>
    <message>
        <source>quiet hours in one of the time zones of the recipient&apos;s phone number; sending at {time} on {day}, {zone} time (window {window} in each of {zones})</source>
        <translation>horário de silêncio em um dos fusos horários do telefone do destinatário; envio às {time} de {day}, no horário de {zone} (janela {window} em cada fuso: {zones})</translation>
    </message>
    <message>
        <source>{reason} ({cap} a week); next slot at {time} on {day}</source>
        <translation>{reason} ({cap} por semana); próximo horário às {time} de {day}</translation>
    </message>
    <message>
        <source>invalid phone number: Twilio says this is not a valid phone number ({code}); correct the lead&apos;s phone</source>
        <translation>número de telefone inválido: o Twilio diz que este não é um número válido ({code}); corrija o telefone do lead</translation>
    </message>
    <message>
        <source>the recipient replied STOP to this sender and is opted out ({code}); only a START from them allows SMS again</source>
        <translation>o destinatário respondeu STOP para este remetente e foi descadastrado ({code}); só um START enviado por ele libera SMS de novo</translation>
    </message>
    <message>
        <source>SMS to this country is not enabled in the Twilio account&apos;s Geo Permissions ({code}); an admin must enable it in the Twilio Console</source>
        <translation>SMS para este país não está habilitado nas Geo Permissions da conta Twilio ({code}); um administrador precisa habilitar no Console do Twilio</translation>
    </message>
    <message>
        <source>the number is not a mobile number and cannot receive SMS ({code})</source>
        <translation>o número não é de celular e não recebe SMS ({code})</translation>
    </message>
    <message>
        <source>the number is a landline and cannot receive SMS ({code})</source>
        <translation>o número é de telefone fixo e não recebe SMS ({code})</translation>
    </message>
    <message>
        <source>the sender cannot reach this number ({code})</source>
        <translation>o remetente não consegue alcançar este número ({code})</translation>
    </message>
    <message>
        <source>the sender is not an SMS-capable number of this Twilio account ({code}); check `aiconnect config get twilio.sender`</source>
        <translation>o remetente não é um número com SMS desta conta Twilio ({code}); confira `aiconnect config get twilio.sender`</translation>
    </message>
    <message>
        <source>a Twilio trial account can only text verified numbers ({code})</source>
        <translation>uma conta de teste do Twilio só envia SMS para números verificados ({code})</translation>
    </message>
    <message>
        <source>the message is longer than Twilio&apos;s 1600-character limit ({code})</source>
        <translation>a mensagem passa do limite de 1600 caracteres do Twilio ({code})</translation>
    </message>
    <message>
        <source>the handset was unreachable - off or without signal ({code})</source>
        <translation>o celular estava inacessível - desligado ou sem sinal ({code})</translation>
    </message>
    <message>
        <source>the number does not exist or is no longer in service ({code})</source>
        <translation>o número não existe ou não está mais em serviço ({code})</translation>
    </message>
    <message>
        <source>the number is a landline or its carrier is unreachable ({code})</source>
        <translation>o número é fixo ou a operadora está inacessível ({code})</translation>
    </message>
    <message>
        <source>the carrier filtered the message as spam ({code}); review the template&apos;s wording</source>
        <translation>a operadora bloqueou a mensagem como spam ({code}); revise o texto do modelo</translation>
    </message>
    <message>
        <source>the carrier reported an unknown delivery error ({code})</source>
        <translation>a operadora informou um erro de entrega desconhecido ({code})</translation>
    </message>
    <message>
        <source>the toll-free sender is not verified ({code}); finish Toll-Free Verification in Twilio</source>
        <translation>o remetente toll-free não está verificado ({code}); conclua a Toll-Free Verification no Twilio</translation>
    </message>
    <message>
        <source>Twilio error {code}: {message}</source>
        <translation>erro {code} do Twilio: {message}</translation>
    </message>
    <message>
        <source>Twilio error {code}</source>
        <translation>erro {code} do Twilio</translation>
    </message>
    <message>
        <source>Twilio reported a failure: {message}</source>
        <translation>o Twilio informou uma falha: {message}</translation>
    </message>
    <message>
        <source>Twilio reported a failure without a code</source>
        <translation>o Twilio informou uma falha sem código</translation>
    </message>
    <message>
        <source>Twilio refused the account SID / auth token ({code}): check them in Settings</source>
        <translation>o Twilio recusou o Account SID / Auth Token ({code}): confira em Configurações</translation>
    </message>
    <message>
        <source>the Twilio API address answered HTTP {status} without a Twilio error: check AICONNECT_TWILIO_API_URL and the account SID</source>
        <translation>o endereço da API do Twilio respondeu HTTP {status} sem um erro do Twilio: verifique AICONNECT_TWILIO_API_URL e o Account SID</translation>
    </message>
    <message>
        <source>Twilio is not set up: the account SID, auth token or sender is missing</source>
        <translation>o Twilio não está configurado: falta o Account SID, o Auth Token ou o remetente</translation>
    </message>
    <message>
        <source>Twilio is rate limiting requests (429); will retry with backoff</source>
        <translation>o Twilio está limitando as requisições (429); vamos tentar de novo aos poucos</translation>
    </message>
    <message>
        <source>Twilio had a server error (HTTP {status}); checking whether the message went out before retrying</source>
        <translation>o Twilio teve um erro no servidor (HTTP {status}); verificando se a mensagem saiu antes de tentar de novo</translation>
    </message>
    <message>
        <source>Twilio refused the request (HTTP {status})</source>
        <translation>o Twilio recusou a requisição (HTTP {status})</translation>
    </message>
    <message>
        <source>Twilio did not answer or the connection broke; checking whether the message went out before retrying</source>
        <translation>o Twilio não respondeu ou a conexão caiu; verificando se a mensagem saiu antes de tentar de novo</translation>
    </message>
    <message>
        <source>could not reach Twilio (network down or Twilio unreachable); will retry</source>
        <translation>não foi possível falar com o Twilio (sem rede ou Twilio fora do ar); vamos tentar de novo</translation>
    </message>
    <message>
        <source>not sent: the lead replied, so the sequence stopped</source>
        <translation>não enviada: o lead respondeu, então a sequência parou</translation>
    </message>
    <message>
        <source>not sent: the lead opted out, so the sequence stopped</source>
        <translation>não enviada: o lead pediu para não receber SMS, então a sequência parou</translation>
    </message>
    <message>
        <source>not sent: the lead was won, so the sequence stopped</source>
        <translation>não enviada: o lead foi ganho, então a sequência parou</translation>
    </message>
    <message>
        <source>not sent: the lead was lost, so the sequence stopped</source>
        <translation>não enviada: o lead foi perdido, então a sequência parou</translation>
    </message>
    <message>
        <source>not sent: the lead was deleted, so the sequence stopped</source>
        <translation>não enviada: o lead foi excluído, então a sequência parou</translation>
    </message>
    <message>
        <source>not sent: a step&apos;s condition ended the sequence</source>
        <translation>não enviada: a condição de uma etapa encerrou a sequência</translation>
    </message>
    <message>
        <source>not sent: a user took the lead out of the sequence</source>
        <translation>não enviada: um usuário retirou o lead da sequência</translation>
    </message>
    <message>
        <source>not sent: the lead was taken out of the sequence ({reason})</source>
        <translation>não enviada: o lead foi retirado da sequência ({reason})</translation>
    </message>
    <message>
        <source>the template was refused for this lead: {reason}</source>
        <translation>o modelo foi recusado para este lead: {reason}</translation>
    </message>
    <message>
        <source>canceled by the user</source>
        <translation>cancelada pelo usuário</translation>
    </message>
    <message>
        <source>only a failed or undelivered message can be sent again</source>
        <translation>só uma mensagem que falhou ou não foi entregue pode ser reenviada</translation>
    </message>
    <message>
        <source>this text was already sent to the lead again (a newer message exists)</source>
        <translation>este texto já foi reenviado para o lead (existe uma mensagem mais nova)</translation>
    </message>
    <message>
        <source>held</source>
        <translation>retida</translation>
    </message>
    <message>
        <source>gave up after {attempts} attempts: {reason}</source>
        <translation>desistimos depois de {attempts} tentativas: {reason}</translation>
    </message>
    <message>
        <source>Twilio does not have this message (the send was interrupted); sending it again</source>
        <translation>o Twilio não tem esta mensagem (o envio foi interrompido); enviando de novo</translation>
    </message>
    <message>
        <source>Twilio no longer knows this message (404); delivery status unknown</source>
        <translation>o Twilio não conhece mais esta mensagem (404); situação da entrega desconhecida</translation>
    </message>
    <message>
        <source>line {line}, column {column}: {reason}</source>
        <translation>linha {line}, coluna {column}: {reason}</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>linha {line}: {reason}</translation>
    </message>
    <message>
        <source>the “{block}” block is never closed: add {tag}</source>
        <translation>o bloco “{block}” nunca é fechado: acrescente {tag}</translation>
    </message>
    <message>
        <source>the template ends too early: “{expected}” is missing</source>
        <translation>o modelo termina antes da hora: falta “{expected}”</translation>
    </message>
    <message>
        <source>there is no filter named “{name}”</source>
        <translation>não existe filtro chamado “{name}”</translation>
    </message>
    <message>
        <source>there is no test named “{name}”</source>
        <translation>não existe teste chamado “{name}”</translation>
    </message>
    <message>
        <source>“{tag}” is not a known tag here (is a block opened or closed twice?)</source>
        <translation>“{tag}” não é uma tag válida aqui (algum bloco foi aberto ou fechado duas vezes?)</translation>
    </message>
    <message>
        <source>expected “{expected}” but found “{got}”</source>
        <translation>esperava “{expected}”, mas encontrou “{got}”</translation>
    </message>
    <message>
        <source>a variable or value is missing before “{got}”</source>
        <translation>falta uma variável ou valor antes de “{got}”</translation>
    </message>
    <message>
        <source>unexpected “{got}”: expected “{expected}”</source>
        <translation>“{got}” inesperado: esperava “{expected}”</translation>
    </message>
    <message>
        <source>unexpected “{got}”</source>
        <translation>“{got}” inesperado</translation>
    </message>
    <message>
        <source>unexpected character {char} (is a quote left open?)</source>
        <translation>caractere inesperado {char} (ficou alguma aspa aberta?)</translation>
    </message>
    <message>
        <source>a comment {# is never closed with #}</source>
        <translation>um comentário {# nunca é fechado com #}</translation>
    </message>
    <message>
        <source>the template is empty</source>
        <translation>o modelo está vazio</translation>
    </message>
    <message>
        <source>the template is longer than {n} characters</source>
        <translation>o modelo passa de {n} caracteres</translation>
    </message>
    <message>
        <source>the template is nested too deeply</source>
        <translation>o modelo tem níveis de aninhamento demais</translation>
    </message>
    <message>
        <source>unknown variable {name} (known: {known})</source>
        <translation>variável desconhecida {name} (conhecidas: {known})</translation>
    </message>
    <message>
        <source>unknown field {name}</source>
        <translation>campo desconhecido {name}</translation>
    </message>
    <message>
        <source>the message is empty for this lead</source>
        <translation>a mensagem fica vazia para este lead</translation>
    </message>
    <message>
        <source>the message is {n} characters for this lead; Twilio accepts at most {limit}</source>
        <translation>a mensagem fica com {n} caracteres para este lead; o Twilio aceita no máximo {limit}</translation>
    </message>
    <message>
        <source>the message is {n} SMS segments for this lead; an SMS may have at most {limit}</source>
        <translation>a mensagem fica com {n} segmentos de SMS para este lead; um SMS pode ter no máximo {limit}</translation>
    </message>
    <message>
        <source>the template could not be filled in for this lead ({error})</source>
        <translation>não foi possível preencher o modelo para este lead ({error})</translation>
    </message>
    <message>
        <source>must be an E.164 phone number (+5511…) or a Messaging Service SID (MG…)</source>
        <translation>deve ser um número de telefone E.164 (+5511…) ou um Messaging Service SID (MG…)</translation>
    </message>
    <message>
        <source>must look like 08:00-20:00 (the window in which sending is allowed)</source>
        <translation>deve estar no formato 08:00-20:00 (a janela em que o envio é permitido)</translation>
    </message>
    <message>
        <source>{value} is not a number; use one from {low} to {high}</source>
        <translation>{value} não é um número; use um de {low} a {high}</translation>
    </message>
    <message>
        <source>{value} is not a whole number from {low} to {high}</source>
        <translation>{value} não é um número inteiro de {low} a {high}</translation>
    </message>
    <message>
        <source>must be system, en or pt_BR</source>
        <translation>deve ser system, en ou pt_BR</translation>
    </message>
    <message>
        <source>must be pt_BR or en (the language of the words AIConnect puts into messages)</source>
        <translation>deve ser pt_BR ou en (o idioma das palavras que o AIConnect coloca nas mensagens)</translation>
    </message>
    <message>
        <source>{value} is not a country with phone numbers; use a two-letter ISO 3166 code such as BR, PT or US</source>
        <translation>{value} não é um país com números de telefone; use um código ISO 3166 de duas letras, como BR, PT ou US</translation>
    </message>
    <message>
        <source>{value} is not an ISO 4217 currency code; use one such as BRL, USD or EUR</source>
        <translation>{value} não é um código de moeda ISO 4217; use um como BRL, USD ou EUR</translation>
    </message>
    <message>
        <source>{value} is not a number; use a price from 0 to 100, e.g. 0.05</source>
        <translation>{value} não é um número; use um preço de 0 a 100, p. ex. 0,05</translation>
    </message>
    <message>
        <source>{value} has more than 4 decimal places</source>
        <translation>{value} tem mais de 4 casas decimais</translation>
    </message>
    <message>
        <source>must be one of {codes} (the currency the price per segment is in)</source>
        <translation>deve ser uma destas: {codes} (a moeda do preço por segmento)</translation>
    </message>
    <message>
        <source>the stored value {value} is not used ({why}); {default} applies until it is set again</source>
        <translation>o valor salvo {value} não é usado ({why}); vale {default} até que seja definido de novo</translation>
    </message>
    <message>
        <source>is a secret; use `aiconnect secrets set` to keep it in the OS keyring</source>
        <translation>é um segredo; use `aiconnect secrets set` para guardá-lo no chaveiro do sistema</translation>
    </message>
    <message>
        <source>unknown setting (known: {known})</source>
        <translation>configuração desconhecida (existentes: {known})</translation>
    </message>
    <message>
        <source>disk full at {folder}: a backup of the database needs {need} and leaves room to work, {free} are free; free some space (or remove old backups) and try again</source>
        <translation>disco cheio em {folder}: um backup do banco de dados precisa de {need}, deixando espaço para trabalhar, e há {free} livres; libere espaço (ou remova backups antigos) e tente de novo</translation>
    </message>
    <message>
        <source>disk full at {folder}: the backup could not be written whole, so none was kept</source>
        <translation>disco cheio em {folder}: não foi possível gravar o backup inteiro, então nenhum foi mantido</translation>
    </message>
    <message>
        <source>cannot write {folder}: {reason}</source>
        <translation>não é possível gravar em {folder}: {reason}</translation>
    </message>
    <message>
        <source>The database {path} is damaged: {what}. There is no backup of it in {folder}; move the file away to start a new, empty workspace, or restore a copy you keep elsewhere.</source>
        <translation>O banco de dados {path} está danificado: {what}. Não há backup dele em {folder}; mova o arquivo para outro lugar para começar um espaço de trabalho novo e vazio, ou restaure uma cópia que você guarde em outro lugar.</translation>
    </message>
    <message>
        <source>The database {path} is damaged: {what}. The newest backup is {backup} ({when}); restore it with `aiconnect db restore {backup}` (the damaged file is kept aside).</source>
        <translation>O banco de dados {path} está danificado: {what}. O backup mais recente é {backup} ({when}); restaure-o com `aiconnect db restore {backup}` (o arquivo danificado é guardado à parte).</translation>
    </message>
    <message>
        <source>SQLite reports it as malformed</source>
        <translation>o SQLite informa que ele está corrompido</translation>
    </message>
    <message>
        <source>no backup named {name} (the newest: {listing})</source>
        <translation>nenhum backup chamado {name} (os mais recentes: {listing})</translation>
    </message>
    <message>
        <source>SQLite&apos;s check fails ({detail})</source>
        <translation>a verificação do SQLite falha ({detail})</translation>
    </message>
    <message>
        <source>the backup {path} cannot be restored: {what}</source>
        <translation>o backup {path} não pode ser restaurado: {what}</translation>
    </message>
    <message>
        <source>{path} is open in another program (AIConnect or `aiconnect automations run`?); close it, then restore</source>
        <translation>{path} está aberto em outro programa (o AIConnect ou `aiconnect automations run`?); feche-o e depois restaure</translation>
    </message>
    <message>
        <source>The database {where} holds AIConnect&apos;s tables ({tables}) but not its schema version (the alembic_version table is missing: a partial copy or a manual restore?), so it cannot be migrated safely. Restore a backup (`aiconnect db restore`) or a complete copy of it.</source>
        <translation>O banco de dados {where} tem as tabelas do AIConnect ({tables}), mas não a versão do esquema (falta a tabela alembic_version: uma cópia parcial ou uma restauração manual?), então não pode ser migrado com segurança. Restaure um backup (`aiconnect db restore`) ou uma cópia completa dele.</translation>
    </message>
    <message>
        <source>it cannot be read ({reason})</source>
        <translation>não pode ser lido ({reason})</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation>o arquivo está vazio (0 bytes)</translation>
    </message>
    <message>
        <source>it is not an SQLite database: its first bytes are all zeros</source>
        <translation>não é um banco de dados SQLite: os primeiros bytes são todos zero</translation>
    </message>
    <message>
        <source>it is not an SQLite database: its first bytes are something else</source>
        <translation>não é um banco de dados SQLite: os primeiros bytes são de outro formato</translation>
    </message>
    <message>
        <source>it is truncated: only {size} bytes are left</source>
        <translation>está truncado: restam só {size} bytes</translation>
    </message>
    <message>
        <source>it is truncated: {size} of its {expected} bytes are left</source>
        <translation>está truncado: restam {size} dos seus {expected} bytes</translation>
    </message>
    <message>
        <source>Twilio reports the message partially delivered: some of its segments did not reach the phone</source>
        <translation>o Twilio informa que a mensagem foi entregue em parte: alguns segmentos não chegaram ao celular</translation>
    </message>
    <message>
        <source>the template takes too long to fill in for this lead (more than {n} seconds); simplify its loops</source>
        <translation>o modelo demora demais para ser preenchido para este lead (mais de {n} segundos); simplifique os loops</translation>
    </message>
    <message>
        <source>the template does too much work for this lead (more than {n} loop turns, calls and operations); simplify its loops</source>
        <translation>o modelo faz processamento demais para este lead (mais de {n} iterações, chamadas e operações); simplifique os loops</translation>
    </message>
    <message>
        <source>the message grows past {n} characters for this lead; an SMS has at most 10 segments</source>
        <translation>a mensagem passa de {n} caracteres para este lead; um SMS tem no máximo 10 segmentos</translation>
    </message>
    <message>
        <source>a text or list in the template grows past {n} characters or items for this lead</source>
        <translation>um texto ou lista do modelo passa de {n} caracteres ou itens para este lead</translation>
    </message>
    <message>
        <source>the value {width} is too large here (at most {limit})</source>
        <translation>o valor {width} é grande demais aqui (no máximo {limit})</translation>
    </message>
    <message>
        <source>the template calls itself or nests calls too deeply (recursion is not allowed)</source>
        <translation>o modelo chama a si mesmo ou aninha chamadas demais (recursão não é permitida)</translation>
    </message>
    <message>
        <source>a number in the template grows past {n} digits</source>
        <translation>um número no modelo passa de {n} dígitos</translation>
    </message>
    <message>
        <source>range() would give {n} numbers; at most {limit} in a template</source>
        <translation>range() geraria {n} números; o máximo num modelo é {limit}</translation>
    </message>
    <message>
        <source>the text method {name} is not available in templates</source>
        <translation>o método de texto {name} não está disponível nos modelos</translation>
    </message>
    <message>
        <source>recursive loops are not allowed in templates</source>
        <translation>loops recursivos não são permitidos nos modelos</translation>
    </message>
    <message>
        <source>the macro “{name}” calls itself (recursion is not allowed in templates)</source>
        <translation>a macro “{name}” chama a si mesma (recursão não é permitida nos modelos)</translation>
    </message>
    <message>
        <source>is longer than {n} characters ({length} characters)</source>
        <translation>tem mais de {n} caracteres ({length} caracteres)</translation>
    </message>
    <message>
        <source>contains the control character {code} at character {position}; remove it</source>
        <translation>contém o caractere de controle {code} na posição {position}; remova-o</translation>
    </message>
    <message>
        <source>{file}: cannot be written (permission denied, a read-only place, or the file is open in another program)</source>
        <translation>{file}: não pode ser gravado (permissão negada, local somente leitura ou arquivo aberto em outro programa)</translation>
    </message>
    <message>
        <source>{file}: cannot be written: the disk is full</source>
        <translation>{file}: não pode ser gravado: o disco está cheio</translation>
    </message>
    <message>
        <source>{file}: is a folder; give a file name</source>
        <translation>{file}: é uma pasta; informe um nome de arquivo</translation>
    </message>
    <message>
        <source>{file}: cannot be written ({reason})</source>
        <translation>{file}: não pode ser gravado ({reason})</translation>
    </message>
    <message>
        <source>{folder}: the folder does not exist</source>
        <translation>{folder}: a pasta não existe</translation>
    </message>
    <message>
        <source>{file}: is the file being imported; choose another name</source>
        <translation>{file}: é o arquivo que está sendo importado; escolha outro nome</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Twilio Account SID</source>
        <translation>Account SID do Twilio</translation>
    </message>
    <message>
        <source>Twilio auth token</source>
        <translation>Auth Token do Twilio</translation>
    </message>
    <message>
        <source>Google Maps API key</source>
        <translation>Chave da API do Google Maps</translation>
    </message>
    <message>
        <source>Central endpoint token</source>
        <translation>Token do servidor central</translation>
    </message>
    <message>
        <source>An Account SID starts with AC and has 34 characters; copy it from the Twilio Console.</source>
        <translation>O Account SID começa com AC e tem 34 caracteres; copie-o do Console do Twilio.</translation>
    </message>
    <message>
        <source>An auth token has 32 characters (0–9, a–f); copy it from the Twilio Console.</source>
        <translation>O Auth Token tem 32 caracteres (0–9, a–f); copie-o do Console do Twilio.</translation>
    </message>
    <message>
        <source>A Google Maps API key starts with AIza; copy it from the Google Cloud Console (APIs &amp; Services › Credentials).</source>
        <translation>A chave da API do Google Maps começa com AIza; copie-a do Google Cloud Console (APIs e serviços › Credenciais).</translation>
    </message>
    <message>
        <source>Paste the whole token you received for the central endpoint (at least 8 characters, no spaces).</source>
        <translation>Cole o token completo que você recebeu para o servidor central (pelo menos 8 caracteres, sem espaços).</translation>
    </message>
    <message>
        <source>Twilio sender</source>
        <translation>Remetente do Twilio</translation>
    </message>
    <message>
        <source>SMS sending hours</source>
        <translation>Horário de envio de SMS</translation>
    </message>
    <message>
        <source>SMS per second</source>
        <translation>SMS por segundo</translation>
    </message>
    <message>
        <source>Max. SMS per lead per week</source>
        <translation>Máx. de SMS por lead por semana</translation>
    </message>
    <message>
        <source>Geocoding requests per second</source>
        <translation>Consultas de geocodificação por segundo</translation>
    </message>
    <message>
        <source>Default phone country</source>
        <translation>País padrão dos telefones</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moeda</translation>
    </message>
    <message>
        <source>Use a phone number in international format (+5511…) or a Messaging Service SID (MG…).</source>
        <translation>Use um número no formato internacional (+5511…) ou um Messaging Service SID (MG…).</translation>
    </message>
    <message>
        <source>Use a number from 0.1 to 50, e.g. 10.</source>
        <translation>Use um número de 0,1 a 50, p. ex. 10.</translation>
    </message>
    <message>
        <source>Use the two-letter code of a country with phone numbers, e.g. BR.</source>
        <translation>Use o código de duas letras de um país com números de telefone, p. ex. BR.</translation>
    </message>
    <message>
        <source>Use a three-letter ISO 4217 currency code, e.g. BRL.</source>
        <translation>Use um código de moeda ISO 4217 de três letras, p. ex. BRL.</translation>
    </message>
    <message>
        <source>Reply words recognised</source>
        <translation>Palavras reconhecidas nas respostas</translation>
    </message>
    <message>
        <source>SMS price per segment</source>
        <translation>Preço por segmento de SMS</translation>
    </message>
    <message>
        <source>Use the form 08:00-20:00: messages are only sent inside this window, in the lead&apos;s time zone, or for a lead without one in every time zone of its phone number&apos;s region.</source>
        <translation>Use o formato 08:00-20:00: as mensagens só são enviadas dentro desse horário, no fuso horário do lead ou, para um lead sem fuso definido, em todos os fusos horários da região do telefone dele.</translation>
    </message>
    <message>
        <source>Use a number from 0.01 to 1000, e.g. 1 or 0.5.</source>
        <translation>Use um número de 0,01 a 1000, p. ex. 1 ou 0,5.</translation>
    </message>
    <message>
        <source>Use a whole number from 1 to 100.</source>
        <translation>Use um número inteiro de 1 a 100.</translation>
    </message>
    <message>
        <source>What one SMS segment costs your team, e.g. 0.05, in the currency chosen next to it; every cost estimate is shown in that currency (nothing is converted).</source>
        <translation>Quanto um segmento de SMS custa para a sua equipe, p. ex. 0,05, na moeda escolhida ao lado; toda estimativa de custo aparece nessa moeda (nada é convertido).</translation>
    </message>
    <message>
        <source>Segment names and recommendation reasons that templates put into a message (lead.segment, top_product.reason) are written in this language for every lead. The words of your templates are sent exactly as you wrote them.</source>
        <translation>Os nomes de segmento e os motivos das recomendações que os modelos de mensagem colocam no SMS (lead.segment, top_product.reason) são escritos neste idioma para todos os leads. O texto dos seus modelos é enviado exatamente como você escreveu.</translation>
    </message>
    <message>
        <source>US$ (US dollars)</source>
        <translation>US$ (dólares americanos)</translation>
    </message>
    <message>
        <source>R$ (Brazilian reais)</source>
        <translation>R$ (reais)</translation>
    </message>
    <message>
        <source>€ (euros)</source>
        <translation>€ (euros)</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Credenciais</translation>
    </message>
    <message>
        <source>Secrets are kept in your operating system&apos;s keyring, never in the database or a file. A stored value is never shown again: type a new one to replace it.</source>
        <translation>Os segredos ficam no chaveiro do sistema operacional, nunca no banco de dados nem em arquivo. Um valor salvo nunca é exibido de novo: digite um novo para substituí-lo.</translation>
    </message>
    <message>
        <source>Paste a new value</source>
        <translation>Cole um novo valor</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Save %1</source>
        <translation>Salvar %1</translation>
    </message>
    <message>
        <source>Clear %1</source>
        <translation>Limpar %1</translation>
    </message>
    <message>
        <source>not secret; shared by the workspace</source>
        <translation>não é segredo; vale para toda a equipe</translation>
    </message>
    <message>
        <source>Messaging and region</source>
        <translation>Mensagens e região</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Salvar configurações</translation>
    </message>
    <message>
        <source>These settings are shared by everyone using this database.</source>
        <translation>Estas configurações valem para todos que usam este banco de dados.</translation>
    </message>
    <message>
        <source>The currency of the price per segment and of every SMS cost estimate</source>
        <translation>A moeda do preço por segmento e de todas as estimativas de custo de SMS</translation>
    </message>
    <message>
        <source>Currency of the SMS price</source>
        <translation>Moeda do preço do SMS</translation>
    </message>
    <message>
        <source>Language of AIConnect&apos;s words in SMS</source>
        <translation>Idioma das palavras do AIConnect nos SMS</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>&amp;Interface language:</source>
        <translation>&amp;Idioma da interface:</translation>
    </message>
    <message>
        <source>Database and data folder</source>
        <translation>Banco de dados e pasta de dados</translation>
    </message>
    <message>
        <source>Database in use:</source>
        <translation>Banco de dados em uso:</translation>
    </message>
    <message>
        <source>PostgreSQL server:</source>
        <translation>Servidor PostgreSQL:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Pasta de dados:</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Abrir pasta</translation>
    </message>
    <message>
        <source>Some stored settings are not valid and are not used: {problems}</source>
        <translation>Algumas configurações salvas não são válidas e não estão sendo usadas: {problems}</translation>
    </message>
    <message>
        <source>Keyring in use: %1</source>
        <translation>Chaveiro em uso: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Secrets cannot be saved on this computer.&lt;/b&gt; No usable keyring was found, and AIConnect never keeps secrets in a plain file.</source>
        <translation>&lt;b&gt;Não é possível salvar segredos neste computador.&lt;/b&gt; Nenhum chaveiro utilizável foi encontrado, e o AIConnect nunca guarda segredos em arquivo de texto.</translation>
    </message>
    <message>
        <source>Technical detail: %1</source>
        <translation>Detalhe técnico: %1</translation>
    </message>
    <message>
        <source>keyring unavailable</source>
        <translation>chaveiro indisponível</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>verificando…</translation>
    </message>
    <message>
        <source>stored in the OS keyring</source>
        <translation>salvo no chaveiro do sistema</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>não definido</translation>
    </message>
    <message>
        <source>To fix it, install and unlock a Secret Service provider such as GNOME Keyring (gnome-keyring) or KWallet, then restart AIConnect. Only if you accept an encrypted-file keyring: pip install keyrings.alt and set PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring.</source>
        <translation>Para resolver, instale e desbloqueie um provedor do Secret Service, como o GNOME Keyring (gnome-keyring) ou o KWallet, e reinicie o AIConnect. Só se você aceitar um chaveiro em arquivo criptografado: pip install keyrings.alt e defina PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring.</translation>
    </message>
    <message>
        <source>To fix it, unlock the macOS login Keychain (Keychain Access) and restart AIConnect.</source>
        <translation>Para resolver, desbloqueie o Chaveiro de início de sessão do macOS (Acesso às Chaves) e reinicie o AIConnect.</translation>
    </message>
    <message>
        <source>To fix it, make sure Windows Credential Manager is available for your user and restart AIConnect.</source>
        <translation>Para resolver, verifique se o Gerenciador de Credenciais do Windows está disponível para o seu usuário e reinicie o AIConnect.</translation>
    </message>
    <message>
        <source>To fix it, install a keyring backend supported by the Python keyring package and restart AIConnect.</source>
        <translation>Para resolver, instale um backend de chaveiro compatível com o pacote keyring do Python e reinicie o AIConnect.</translation>
    </message>
    <message>
        <source>Paste a value first.</source>
        <translation>Cole um valor primeiro.</translation>
    </message>
    <message>
        <source>%1 saved in the OS keyring.</source>
        <translation>%1: valor salvo no chaveiro do sistema.</translation>
    </message>
    <message>
        <source>Clear secret</source>
        <translation>Limpar segredo</translation>
    </message>
    <message>
        <source>Remove %1 from the OS keyring? Features that need it stop working until a new value is saved.</source>
        <translation>Remover %1 do chaveiro do sistema? Os recursos que dependem desse valor param de funcionar até que um novo seja salvo.</translation>
    </message>
    <message>
        <source>%1 removed from the OS keyring.</source>
        <translation>%1: valor removido do chaveiro do sistema.</translation>
    </message>
    <message>
        <source>Nothing to save: no setting was changed.</source>
        <translation>Nada a salvar: nenhuma configuração foi alterada.</translation>
    </message>
    <message>
        <source>Some settings were not saved; see the fields marked in red.</source>
        <translation>Algumas configurações não foram salvas; veja os campos marcados em vermelho.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configurações salvas.</translation>
    </message>
    <message>
        <source>The data folder could not be opened: %1</source>
        <translation>Não foi possível abrir a pasta de dados: %1</translation>
    </message>
</context>
<context>
    <name>SmsThread</name>
    <message>
        <source>Left: replied</source>
        <translation>Saiu: respondeu</translation>
    </message>
    <message>
        <source>Left: opted out</source>
        <translation>Saiu: se descadastrou</translation>
    </message>
    <message>
        <source>Left: won</source>
        <translation>Saiu: ganho</translation>
    </message>
    <message>
        <source>Left: lost</source>
        <translation>Saiu: perdido</translation>
    </message>
    <message>
        <source>Left: lead deleted</source>
        <translation>Saiu: lead excluído</translation>
    </message>
    <message>
        <source>Left: a step condition ended it</source>
        <translation>Saiu: a condição de um passo encerrou a sequência</translation>
    </message>
    <message>
        <source>Left: taken out by hand</source>
        <translation>Saiu: retirado manualmente</translation>
    </message>
    <message>
        <source>Left: {reason}</source>
        <translation>Saiu: {reason}</translation>
    </message>
    <message>
        <source>Logged {when}</source>
        <translation>Registrado em {when}</translation>
    </message>
    <message>
        <source>Queued — retrying {at}: {problem}</source>
        <translation>Na fila — nova tentativa {at}: {problem}</translation>
    </message>
    <message>
        <source>Queued — goes out with the next pass</source>
        <translation>Na fila — sai na próxima rodada de envio</translation>
    </message>
    <message>
        <source>Held until {until} — {reason}</source>
        <translation>Retido até {until} — {reason}</translation>
    </message>
    <message>
        <source>Delivered {when}</source>
        <translation>Entregue em {when}</translation>
    </message>
    <message>
        <source>{state}: {reason}</source>
        <translation>{state}: {reason}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Sent {when}</source>
        <translation>Enviado em {when}</translation>
    </message>
    <message>
        <source>automation “{name}”</source>
        <translation>automação “{name}”</translation>
    </message>
    <message>
        <source>bulk send</source>
        <translation>envio em massa</translation>
    </message>
    <message>
        <source>automatic HELP reply</source>
        <translation>resposta automática ao HELP</translation>
    </message>
    <message>
        <source>Received {when}</source>
        <translation>Recebido em {when}</translation>
    </message>
    <message>
        <source>In progress: step {step} of {steps} due {when}</source>
        <translation>Em andamento: passo {step} de {steps} previsto para {when}</translation>
    </message>
    <message>
        <source>Completed {when}</source>
        <translation>Concluída em {when}</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Linha do tempo</translation>
    </message>
    <message numerus="yes">
        <source>SMS (%n)</source>
        <translation>
            <numerusform>SMS (%n)</numerusform>
            <numerusform>SMS (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sequences (%n)</source>
        <translation>
            <numerusform>Sequências (%n)</numerusform>
            <numerusform>Sequências (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Taken out of the sequence; nothing more is sent by it.</source>
        <translation>Retirado da sequência; ela não envia mais nada.</translation>
    </message>
</context>
<context>
    <name>SmsThreadView</name>
    <message>
        <source>No SMS with this lead yet. Texts sent from AIConnect, by automations or in bulk, and the lead&apos;s replies appear here.</source>
        <translation>Nenhum SMS com este lead ainda. As mensagens enviadas pelo AIConnect, por automações ou em massa, e as respostas do lead aparecem aqui.</translation>
    </message>
</context>
<context>
    <name>Stage</name>
    <message>
        <source>New</source>
        <translation>Novo</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>Contatado</translation>
    </message>
    <message>
        <source>Qualified</source>
        <translation>Qualificado</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Proposta</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>Negociação</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Ganho</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Perdido</translation>
    </message>
</context>
<context>
    <name>StageColumnWidget</name>
    <message numerus="yes">
        <source>%n lead(s)</source>
        <translation>
            <numerusform>%n lead</numerusform>
            <numerusform>%n leads</numerusform>
        </translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>Total expected value of the leads in this stage</source>
        <translation>Valor total previsto dos leads nesta etapa</translation>
    </message>
    <message>
        <source>%1 column</source>
        <translation>Coluna %1</translation>
    </message>
    <message>
        <source>No leads in this stage.
Drop a card here to move it.</source>
        <translation>Nenhum lead nesta etapa.
Solte um cartão aqui para movê-lo.</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>Mostrar mais</translation>
    </message>
    <message>
        <source>Show more (%1 of %2)</source>
        <translation>Mostrar mais (%1 de %2)</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>AICONNECT_DATABASE_URL is not a database URL AIConnect can use.

{where}
{detail}

For a team database it looks like postgresql://user@host:5432/crm.</source>
        <translation>AICONNECT_DATABASE_URL não é uma URL de banco de dados que o AIConnect possa usar.

{where}
{detail}

Para um banco de dados de equipe, ela tem o formato postgresql://usuario@host:5432/crm.</translation>
    </message>
    <message>
        <source>The database could not be opened.

{where}
{detail}

Check that the server is running and reachable, or set AICONNECT_DATABASE_URL.</source>
        <translation>Não foi possível abrir o banco de dados.

{where}
{detail}

Verifique se o servidor está no ar e acessível, ou defina AICONNECT_DATABASE_URL.</translation>
    </message>
    <message>
        <source>Cannot write to the data folder {folder}: {detail}</source>
        <translation>Não é possível gravar na pasta de dados {folder}: {detail}</translation>
    </message>
    <message>
        <source>AIConnect cannot start</source>
        <translation>Não foi possível iniciar o AIConnect</translation>
    </message>
    <message>
        <source>Welcome! This new workspace was filled with demo leads so you can look around. Delete them, or import your own from File › Import.</source>
        <translation>Boas-vindas! Este novo espaço de trabalho foi preenchido com leads de demonstração para você explorar. Exclua-os ou importe os seus em Arquivo › Importar.</translation>
    </message>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>Preparando o espaço de trabalho de demonstração…</translation>
    </message>
</context>
<context>
    <name>StatusChip</name>
    <message>
        <source>All</source>
        <translation>Todas</translation>
    </message>
</context>
<context>
    <name>StepEditor</name>
    <message>
        <source>Move this step up</source>
        <translation>Mover este passo para cima</translation>
    </message>
    <message>
        <source>Move this step down</source>
        <translation>Mover este passo para baixo</translation>
    </message>
    <message>
        <source>Remove this step</source>
        <translation>Remover este passo</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>days</source>
        <translation>dias</translation>
    </message>
    <message>
        <source>Olá {{ lead.name | primeiro_nome }}, …  (the template language of the template editor)</source>
        <translation>Olá {{ lead.name | primeiro_nome }}, …  (a mesma linguagem do editor de modelos)</translation>
    </message>
    <message>
        <source>Only if</source>
        <translation>Só se</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Aguardar</translation>
    </message>
    <message>
        <source>then send</source>
        <translation>e então enviar</translation>
    </message>
    <message>
        <source>Step {n}</source>
        <translation>Passo {n}</translation>
    </message>
    <message>
        <source>after the previous step</source>
        <translation>depois do passo anterior</translation>
    </message>
    <message>
        <source>A text written here</source>
        <translation>Um texto escrito aqui</translation>
    </message>
    <message>
        <source>Template “{name}”</source>
        <translation>Modelo “{name}”</translation>
    </message>
</context>
<context>
    <name>SummaryCard</name>
    <message>
        <source>Before you send</source>
        <translation>Antes de enviar</translation>
    </message>
    <message>
        <source>will receive it</source>
        <translation>vão receber</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignorados</translation>
    </message>
    <message>
        <source>segments</source>
        <translation>segmentos</translation>
    </message>
    <message>
        <source>estimated cost</source>
        <translation>custo estimado</translation>
    </message>
    <message>
        <source>{n} of {total}</source>
        <translation>{n} de {total}</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} a {last}</translation>
    </message>
    <message numerus="yes">
        <source>%n held for quiet hours: sent when the recipient&apos;s window opens ({when}).</source>
        <translation>
            <numerusform>%n retida fora do horário de envio: sai quando o horário do destinatário abrir ({when}).</numerusform>
            <numerusform>%n retidas fora do horário de envio: saem quando o horário dos destinatários abrir ({when}).</numerusform>
        </translation>
    </message>
    <message>
        <source>Skipped — {reason}: {n}</source>
        <translation>Ignorados — {reason}: {n}</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) of {segments}</source>
        <translation>
            <numerusform>%n mensagem de {segments}</numerusform>
            <numerusform>%n mensagens de {segments}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segmento</numerusform>
            <numerusform>%n segmentos</numerusform>
        </translation>
    </message>
    <message>
        <source>{shape} ({encodings}); {price} per segment.</source>
        <translation>{shape} ({encodings}); {price} por segmento.</translation>
    </message>
</context>
<context>
    <name>TaskStatus</name>
    <message>
        <source>Cancel this task</source>
        <translation>Cancelar esta tarefa</translation>
    </message>
    <message>
        <source> (+{n} more)</source>
        <translation> (+{n} outras)</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>New template</source>
        <translation>Novo modelo</translation>
    </message>
    <message>
        <source>No templates yet. Write one on the right and save it.</source>
        <translation>Nenhum modelo ainda. Escreva um à direita e salve.</translation>
    </message>
    <message>
        <source>e.g. Follow-up after a visit</source>
        <translation>p. ex. Retorno após uma visita</translation>
    </message>
    <message>
        <source>What it is for (optional)</source>
        <translation>Para que serve (opcional)</translation>
    </message>
    <message>
        <source>Jinja2: {{ lead.first_name }} fills in a field; filters: primeiro_nome, default(&quot;…&quot;), data, moeda; blocks: {% if lead.company %}…{% endif %}.</source>
        <translation>Jinja2: {{ lead.first_name }} preenche um campo; filtros: primeiro_nome, default(&quot;…&quot;), data, moeda; blocos: {% if lead.company %}…{% endif %}.</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nome</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Descrição</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>Sample lead (Maria Aparecida Souza)</source>
        <translation>Lead de exemplo (Maria Aparecida Souza)</translation>
    </message>
    <message>
        <source>Find a lead…</source>
        <translation>Buscar um lead…</translation>
    </message>
    <message>
        <source>Preview for</source>
        <translation>Prévia para</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
    <message>
        <source>Save template</source>
        <translation>Salvar modelo</translation>
    </message>
    <message>
        <source>New template, not saved yet</source>
        <translation>Novo modelo, ainda não salvo</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Alterações não salvas</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Salvo</translation>
    </message>
    <message>
        <source>Give the template a name.</source>
        <translation>Dê um nome ao modelo.</translation>
    </message>
    <message>
        <source>Template “{name}” saved.</source>
        <translation>Modelo “{name}” salvo.</translation>
    </message>
    <message>
        <source>The template was not saved: {problem}</source>
        <translation>O modelo não foi salvo: {problem}</translation>
    </message>
    <message>
        <source>Delete template</source>
        <translation>Excluir modelo</translation>
    </message>
    <message>
        <source>Delete the template “{name}”? Messages already queued with it are not affected.</source>
        <translation>Excluir o modelo “{name}”? As mensagens que já estão na fila com ele não são afetadas.</translation>
    </message>
    <message>
        <source>Template “{name}” deleted.</source>
        <translation>Modelo “{name}” excluído.</translation>
    </message>
</context>
<context>
    <name>VariableButton</name>
    <message>
        <source>Insert variable</source>
        <translation>Inserir variável</translation>
    </message>
    <message>
        <source>Insert a lead field, the owner, dates or a conditional block at the cursor</source>
        <translation>Inserir um campo do lead, o responsável, datas ou um bloco condicional no cursor</translation>
    </message>
</context>
<context>
    <name>VoteButtons</name>
    <message>
        <source>Good: this helps</source>
        <translation>Bom: isto ajuda</translation>
    </message>
    <message>
        <source>Not right: tell the model</source>
        <translation>Não está certo: avise o modelo</translation>
    </message>
    <message>
        <source>Other reason…</source>
        <translation>Outro motivo…</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>Por quê?</translation>
    </message>
    <message>
        <source>In a few words (it helps the next training):</source>
        <translation>Em poucas palavras (ajuda no próximo treinamento):</translation>
    </message>
    <message>
        <source>Your vote: {reason}. Click again to withdraw it.</source>
        <translation>Seu voto: {reason}. Clique de novo para retirá-lo.</translation>
    </message>
    <message>
        <source>You marked this as right. Click again to withdraw your vote.</source>
        <translation>Você marcou isto como certo. Clique de novo para retirar seu voto.</translation>
    </message>
    <message>
        <source>You marked this as wrong. Click again to withdraw your vote.</source>
        <translation>Você marcou isto como errado. Clique de novo para retirar seu voto.</translation>
    </message>
</context>
<context>
    <name>WaitNotice</name>
    <message>
        <source>Another program is writing to the workspace (an import?). Your change waits for it and is saved as soon as it has finished.</source>
        <translation>Outro programa está gravando no espaço de trabalho (uma importação?). Sua alteração aguarda e é salva assim que ele terminar.</translation>
    </message>
</context>
</TS>
