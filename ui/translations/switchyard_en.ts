<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English plural forms for the tr("... %n ...(s)") strings: one and other.
     Regenerate the entries with lupdate -pluralonly; the forms are written by hand. -->
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Switchyard::AuditUi::AuditPage</name>
    <message numerus="yes">
        <source>%n entry(s)</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Switchyard::CompareUi::ComparePage</name>
    <message numerus="yes">
        <source>%n image(s) attached (%L1 KB), sent with the next prompt</source>
        <translation>
            <numerusform>%n image attached (%L1 KB), sent with the next prompt</numerusform>
            <numerusform>%n images attached (%L1 KB), sent with the next prompt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Answering: %n pane(s)… Esc stops all.</source>
        <translation>
            <numerusform>Answering: %n pane… Esc stops all.</numerusform>
            <numerusform>Answering: %n panes… Esc stops all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Ctrl+Enter sends to %n model(s); follow-ups continue each pane&apos;s conversation.</source>
        <translation>
            <numerusform>Ctrl+Enter sends to %n model; follow-ups continue each pane's conversation.</numerusform>
            <numerusform>Ctrl+Enter sends to %n models; follow-ups continue each pane's conversation.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Switchyard::ProvidersUi::ModelsPanel</name>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> and %n more</numerusform>
            <numerusform> and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Switchyard::ProvidersUi::ProvidersPage</name>
    <message numerus="yes">
        <source> and %n more</source>
        <translation>
            <numerusform> and %n more</numerusform>
            <numerusform> and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Switchyard::RoutingUi::RoutingPage</name>
    <message numerus="yes">
        <source>%n error(s) in the YAML; the visual editor keeps the last good config.</source>
        <translation>
            <numerusform>%n error in the YAML; the visual editor keeps the last good config.</numerusform>
            <numerusform>%n errors in the YAML; the visual editor keeps the last good config.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) in the config; it cannot be saved until they are fixed.</source>
        <translation>
            <numerusform>%n error in the config; it cannot be saved until it is fixed.</numerusform>
            <numerusform>%n errors in the config; it cannot be saved until they are fixed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Switchyard::RoutingUi::SimulationPanel</name>
    <message numerus="yes">
        <source>Replaying %n day(s) of calls…</source>
        <translation>
            <numerusform>Replaying %n day of calls…</numerusform>
            <numerusform>Replaying %n days of calls…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n call(s)</source>
        <translation>
            <numerusform>%1: %n call</numerusform>
            <numerusform>%1: %n calls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) went to a target without a price; they are not counted.</source>
        <translation>
            <numerusform>%n call went to a target without a price; it is not counted.</numerusform>
            <numerusform>%n calls went to a target without a price; they are not counted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) replayed: %1 actually spent, %2 with this config</source>
        <translation>
            <numerusform>%n call replayed: %1 actually spent, %2 with this config</numerusform>
            <numerusform>%n calls replayed: %1 actually spent, %2 with this config</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) to unpriced targets are not in the total.</source>
        <translation>
            <numerusform>%n call to an unpriced target is not in the total.</numerusform>
            <numerusform>%n calls to unpriced targets are not in the total.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed or cancelled call(s) were not replayed.</source>
        <translation>
            <numerusform>%n failed or cancelled call was not replayed.</numerusform>
            <numerusform>%n failed or cancelled calls were not replayed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rule(s) look at the prompt text, which the log does not keep: they never match here.</source>
        <translation>
            <numerusform>%n rule looks at the prompt text, which the log does not keep: it never matches here.</numerusform>
            <numerusform>%n rules look at the prompt text, which the log does not keep: they never match here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No calls in the usage log in these %n day(s): nothing to replay.</source>
        <translation>
            <numerusform>No calls in the usage log on this %n day: nothing to replay.</numerusform>
            <numerusform>No calls in the usage log in these %n days: nothing to replay.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Switchyard::RoutingUi::TestCasesPanel</name>
    <message numerus="yes">
        <source>%n test case(s), not run yet.</source>
        <translation>
            <numerusform>%n test case, not run yet.</numerusform>
            <numerusform>%n test cases, not run yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n test case(s) pass.</source>
        <translation>
            <numerusform>All %n test case pass.</numerusform>
            <numerusform>All %n test cases pass.</numerusform>
        </translation>
    </message>
</context>
</TS>
