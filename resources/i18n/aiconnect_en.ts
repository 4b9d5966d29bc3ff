<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AutomationEditor</name>
    <message numerus="yes">
        <source>%n SMS segment(s)</source>
        <translation>
            <numerusform>%n SMS segment</numerusform>
            <numerusform>%n SMS segments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Automations</name>
    <message numerus="yes">
        <source>After %n day(s)</source>
        <translation>
            <numerusform>After %n day</numerusform>
            <numerusform>After %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n hour(s)</source>
        <translation>
            <numerusform>After %n hour</numerusform>
            <numerusform>After %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n minute(s)</source>
        <translation>
            <numerusform>After %n minute</numerusform>
            <numerusform>After %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before the date in “{field}”</source>
        <translation>
            <numerusform>%n day before the date in “{field}”</numerusform>
            <numerusform>%n days before the date in “{field}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) after the date in “{field}”</source>
        <translation>
            <numerusform>%n day after the date in “{field}”</numerusform>
            <numerusform>%n days after the date in “{field}”</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>After %n day(s) without an interaction</source>
        <translation>
            <numerusform>After %n day without an interaction</numerusform>
            <numerusform>After %n days without an interaction</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AutomationsModel</name>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n more)</numerusform>
            <numerusform> (+%n more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in the sequence</source>
        <translation>
            <numerusform>%n in the sequence</numerusform>
            <numerusform>%n in the sequence</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AutomationsView</name>
    <message numerus="yes">
        <source>%n automation(s)</source>
        <translation>
            <numerusform>%n automation</numerusform>
            <numerusform>%n automations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active</source>
        <translation>
            <numerusform>%n active</numerusform>
            <numerusform>%n active</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete “{name}”? %n lead(s) still in it leave the sequence and what it queued but did not send is canceled. Messages already sent stay on the leads&apos; timelines.

To stop it for a while, pause it instead.</source>
        <translation>
            <numerusform>Delete “{name}”? %n lead still in it leaves the sequence and what it queued but did not send is canceled. Messages already sent stay on the leads&apos; timelines.

To stop it for a while, pause it instead.</numerusform>
            <numerusform>Delete “{name}”? %n leads still in it leave the sequence and what it queued but did not send is canceled. Messages already sent stay on the leads&apos; timelines.

To stop it for a while, pause it instead.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued message(s) canceled.</source>
        <translation>
            <numerusform>%n queued message canceled.</numerusform>
            <numerusform>%n queued messages canceled.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CardDelegate</name>
    <message numerus="yes">
        <source>%n d</source>
        <comment>days in stage</comment>
        <translation>
            <numerusform>%n d</numerusform>
            <numerusform>%n d</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message numerus="yes">
        <source>%n lead(s)</source>
        <translation>
            <numerusform>%n lead</numerusform>
            <numerusform>%n leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checking %n recipient(s)…</source>
        <translation>
            <numerusform>Checking %n recipient…</numerusform>
            <numerusform>Checking %n recipients…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Send to %n lead(s)</source>
        <translation>
            <numerusform>Send to %n lead</numerusform>
            <numerusform>Send to %n leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) queued; they are sent in the background.</source>
        <translation>
            <numerusform>%n message queued; it is sent in the background.</numerusform>
            <numerusform>%n messages queued; they are sent in the background.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n held until the recipient&apos;s sending hours.</source>
        <translation>
            <numerusform>%n held until the recipient&apos;s sending hours.</numerusform>
            <numerusform>%n held until the recipients&apos; sending hours.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lead(s) skipped.</source>
        <translation>
            <numerusform>%n lead skipped.</numerusform>
            <numerusform>%n leads skipped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DurationWords</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>The %Ln lead(s) in the list, with its search and filters.</source>
        <translation>
            <numerusform>The %Ln lead in the list, with its search and filters.</numerusform>
            <numerusform>The %Ln leads in the list, with its search and filters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %Ln lead(s).</source>
        <translation>
            <numerusform>The %Ln lead.</numerusform>
            <numerusform>All %Ln leads.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Insights</name>
    <message numerus="yes">
        <source>%Ln closed lead(s)</source>
        <translation>
            <numerusform>%Ln closed lead</numerusform>
            <numerusform>%Ln closed leads</numerusform>
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
            <numerusform>%Ln logged action</numerusform>
            <numerusform>%Ln logged actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln purchase(s)</source>
        <translation>
            <numerusform>%Ln purchase</numerusform>
            <numerusform>%Ln purchases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln segment(s)</source>
        <translation>
            <numerusform>%Ln segment</numerusform>
            <numerusform>%Ln segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln won</source>
        <translation>
            <numerusform>%Ln won</numerusform>
            <numerusform>%Ln won</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lost</source>
        <translation>
            <numerusform>%Ln lost</numerusform>
            <numerusform>%Ln lost</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>last contact %Ln day(s) ago</source>
        <translation>
            <numerusform>last contact %Ln day ago</numerusform>
            <numerusform>last contact %Ln days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln interaction(s) in the last 30 days</source>
        <translation>
            <numerusform>%Ln interaction in the last 30 days</numerusform>
            <numerusform>%Ln interactions in the last 30 days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln SMS repl(ies)</source>
        <translation>
            <numerusform>%Ln SMS reply</numerusform>
            <numerusform>%Ln SMS replies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln up</source>
        <translation>
            <numerusform>%Ln up</numerusform>
            <numerusform>%Ln up</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln down</source>
        <translation>
            <numerusform>%Ln down</numerusform>
            <numerusform>%Ln down</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Value of following the suggestions, estimated on the newest %Ln logged action(s):</source>
        <translation>
            <numerusform>Value of following the suggestions, estimated on the newest logged action (%Ln):</numerusform>
            <numerusform>Value of following the suggestions, estimated on the newest %Ln logged actions:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the data weigh as only %Ln independent action(s)</source>
        <translation>
            <numerusform>the data weigh as only %Ln independent action</numerusform>
            <numerusform>the data weigh as only %Ln independent actions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Suggestions rewritten for %Ln lead(s).</source>
        <translation>
            <numerusform>Suggestions rewritten for %Ln lead.</numerusform>
            <numerusform>Suggestions rewritten for %Ln leads.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln open lead(s) scored again.</source>
        <translation>
            <numerusform>%Ln open lead scored again.</numerusform>
            <numerusform>%Ln open leads scored again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InsightsView</name>
    <message numerus="yes">
        <source>Models trained; %n open lead(s) scored.</source>
        <translation>
            <numerusform>Models trained; %n open lead scored.</numerusform>
            <numerusform>Models trained; %n open leads scored.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeadDetail</name>
    <message numerus="yes">
        <source>Timeline (%n)</source>
        <translation>
            <numerusform>Timeline (%n)</numerusform>
            <numerusform>Timeline (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LeadsView</name>
    <message numerus="yes">
        <source>%Ln lead(s)</source>
        <translation>
            <numerusform>%Ln lead</numerusform>
            <numerusform>%Ln leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln lead(s)? You can undo this right after.</source>
        <translation>
            <numerusform>Delete %Ln lead? You can undo this right after.</numerusform>
            <numerusform>Delete %Ln leads? You can undo this right after.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) deleted.</source>
        <translation>
            <numerusform>%Ln lead deleted.</numerusform>
            <numerusform>%Ln leads deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) restored.</source>
        <translation>
            <numerusform>%Ln lead restored.</numerusform>
            <numerusform>%Ln leads restored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) moved to {stage}.</source>
        <translation>
            <numerusform>%Ln lead moved to {stage}.</numerusform>
            <numerusform>%Ln leads moved to {stage}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message numerus="yes">
        <source>%Ln lead(s) on the map</source>
        <translation>
            <numerusform>%Ln lead on the map</numerusform>
            <numerusform>%Ln leads on the map</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln without a position</source>
        <translation>
            <numerusform>%Ln without a position</numerusform>
            <numerusform>%Ln without a position</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Geocode %Ln lead(s) without a position</source>
        <translation>
            <numerusform>Geocode %Ln lead without a position</numerusform>
            <numerusform>Geocode %Ln leads without a position</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) to check: double-click one to open it and correct its address.</source>
        <translation>
            <numerusform>%Ln lead to check: double-click one to open it and correct its address.</numerusform>
            <numerusform>%Ln leads to check: double-click one to open it and correct its address.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Map area: %n lead(s)</source>
        <translation>
            <numerusform>Map area: %n lead</numerusform>
            <numerusform>Map area: %n leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Map area: %n lead(s) within {km}</source>
        <translation>
            <numerusform>Map area: %n lead within {km}</numerusform>
            <numerusform>Map area: %n leads within {km}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) within {km}; double-click to open.</source>
        <translation>
            <numerusform>%Ln lead within {km}; double-click to open.</numerusform>
            <numerusform>%Ln leads within {km}; double-click to open.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln lead(s) without a position left out.</source>
        <translation>
            <numerusform>%Ln lead without a position left out.</numerusform>
            <numerusform>%Ln leads without a position left out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageDetail</name>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segment</numerusform>
            <numerusform>%n segments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n attempt</numerusform>
            <numerusform>%n attempts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message numerus="yes">
        <source>{encoding} · {units}/{capacity} characters · %n segment(s) · {cost}</source>
        <translation>
            <numerusform>{encoding} · {units}/{capacity} characters · %n segment · {cost}</numerusform>
            <numerusform>{encoding} · {units}/{capacity} characters · %n segments · {cost}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessagesView</name>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) queued again; they are sent in the background.</source>
        <translation>
            <numerusform>%n message queued again; it is sent in the background.</numerusform>
            <numerusform>%n messages queued again; they are sent in the background.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n message(s)? They will not be sent.</source>
        <translation>
            <numerusform>Cancel %n message? It will not be sent.</numerusform>
            <numerusform>Cancel %n messages? They will not be sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) canceled.</source>
        <translation>
            <numerusform>%n message canceled.</numerusform>
            <numerusform>%n messages canceled.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message numerus="yes">
        <source>Open pipeline: %n lead(s)</source>
        <translation>
            <numerusform>Open pipeline: %n lead</numerusform>
            <numerusform>Open pipeline: %n leads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Recipients</name>
    <message numerus="yes">
        <source>%n selected lead(s)</source>
        <translation>
            <numerusform>%n selected lead</numerusform>
            <numerusform>%n selected leads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Every lead in the list (%n)</source>
        <translation>
            <numerusform>Every lead in the list (%n)</numerusform>
            <numerusform>Every lead in the list (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RouteSheetText</name>
    <message numerus="yes">
        <source>%n stop(s) · {km} · {time} on the road · leaving {when}</source>
        <translation>
            <numerusform>%n stop · {km} · {time} on the road · leaving {when}</numerusform>
            <numerusform>%n stops · {km} · {time} on the road · leaving {when}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more.</source>
        <translation>
            <numerusform>… and %n more.</numerusform>
            <numerusform>… and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lead(s) within {km} of {around}.</source>
        <translation>
            <numerusform>%n lead within {km} of {around}.</numerusform>
            <numerusform>%n leads within {km} of {around}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Scheduler</name>
    <message numerus="yes">
        <source>SMS offline — %n message(s) waiting</source>
        <translation>
            <numerusform>SMS offline — %n message waiting</numerusform>
            <numerusform>SMS offline — %n messages waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>SMS: %n message(s) waiting</source>
        <translation>
            <numerusform>SMS: %n message waiting</numerusform>
            <numerusform>SMS: %n messages waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScorePopover</name>
    <message numerus="yes">
        <source>&lt;b&gt;Little data&lt;/b&gt; (poucos dados): the model learned from only %n closed lead(s), so read this as a rough guide. It improves as deals are won and lost.</source>
        <translation>
            <numerusform>&lt;b&gt;Little data&lt;/b&gt; (poucos dados): the model learned from only %n closed lead, so read this as a rough guide. It improves as deals are won and lost.</numerusform>
            <numerusform>&lt;b&gt;Little data&lt;/b&gt; (poucos dados): the model learned from only %n closed leads, so read this as a rough guide. It improves as deals are won and lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Model v{version}, trained {date} from %n closed lead(s)</source>
        <translation>
            <numerusform>Model v{version}, trained {date} from %n closed lead</numerusform>
            <numerusform>Model v{version}, trained {date} from %n closed leads</numerusform>
        </translation>
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
</context>
<context>
    <name>SmsThread</name>
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
            <numerusform>Sequences (%n)</numerusform>
            <numerusform>Sequences (%n)</numerusform>
        </translation>
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
</context>
<context>
    <name>SummaryCard</name>
    <message numerus="yes">
        <source>%n held for quiet hours: sent when the recipient&apos;s window opens ({when}).</source>
        <translation>
            <numerusform>%n held for quiet hours: sent when the recipient&apos;s window opens ({when}).</numerusform>
            <numerusform>%n held for quiet hours: sent when the recipient&apos;s window opens ({when}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) of {segments}</source>
        <translation>
            <numerusform>%n message of {segments}</numerusform>
            <numerusform>%n messages of {segments}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n segment</numerusform>
            <numerusform>%n segments</numerusform>
        </translation>
    </message>
</context>
</TS>
