<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
        <name>StageColumnWidget</name>
        <message numerus="yes">
            <source>%n lead(s)</source>
            <translation>
                <numerusform>%n lead</numerusform>
                <numerusform>%n leads</numerusform>
            </translation>
        </message>
    </context>
</TS>
