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
            <source>Cancelled.</source>
            <translation>Cancelado.</translation>
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
            <source>Update the existing lead with the file's values</source>
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
            <source>Clear</source>
            <translation>Limpar</translation>
        </message>
        <message>
            <source>Clear the search and every filter</source>
            <translation>Limpar a busca e todos os filtros</translation>
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
        <name>MessageBar</name>
        <message>
            <source>Dismiss</source>
            <translation>Fechar aviso</translation>
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
            <source>Your leads on an embedded Google map, with clustered markers coloured by stage or score, nearby leads, a planned day route and visit logging, and a route sheet that works offline.</source>
            <translation>Seus leads num mapa do Google integrado, com marcadores agrupados e coloridos por etapa ou pontuação, leads próximos, roteiro do dia planejado, registro de visitas e uma folha de rota que funciona offline.</translation>
        </message>
        <message>
            <source>Messages</source>
            <translation>Mensagens</translation>
        </message>
        <message>
            <source>SMS one to one and in bulk through Twilio, with templates personalised from each lead's history, delivery status, replies, and consent, opt-out and quiet hours checked before anything is sent.</source>
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
            <source>The manager's dashboard: the funnel with drop-off, win rate by source, segment and rep, activity over time and message response rates, exportable as PNG, PDF, CSV or XLSX.</source>
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
            <source>Use the form 08:00-20:00: messages are only sent inside this window, in the lead's time zone.</source>
            <translation>Use o formato 08:00-20:00: as mensagens só são enviadas dentro desse horário, no fuso horário do lead.</translation>
        </message>
        <message>
            <source>Use a number above 0, e.g. 1 or 0.5.</source>
            <translation>Use um número maior que 0, p. ex. 1 ou 0,5.</translation>
        </message>
        <message>
            <source>Use a whole number above 0.</source>
            <translation>Use um número inteiro maior que 0.</translation>
        </message>
        <message>
            <source>Use a number above 0, e.g. 10.</source>
            <translation>Use um número maior que 0, p. ex. 10.</translation>
        </message>
        <message>
            <source>Use a two-letter country code, e.g. BR.</source>
            <translation>Use o código do país com duas letras, p. ex. BR.</translation>
        </message>
        <message>
            <source>Use a three-letter currency code, e.g. BRL.</source>
            <translation>Use o código da moeda com três letras, p. ex. BRL.</translation>
        </message>
        <message>
            <source>Credentials</source>
            <translation>Credenciais</translation>
        </message>
        <message>
            <source>Secrets are kept in your operating system's keyring, never in the database or a file. A stored value is never shown again: type a new one to replace it.</source>
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
</TS>
