#include "routing/ruleeditor.h"

#include "routing/fieldmark.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>

#include <expected>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {

QStringList splitList(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(u',', Qt::SkipEmptyParts)) {
        if (const QString trimmed = item.trimmed(); !trimmed.isEmpty())
            items.append(trimmed);
    }
    return items;
}

QString joinList(const QStringList &items)
{
    return items.join(u", "_s);
}

namespace {

void showText(QLineEdit *field, const QString &text)
{
    // The field being typed in keeps its text (and cursor) while it means the same.
    if (field->text() == text)
        return;
    if (field->hasFocus() && FieldMark::isMarked(field))
        return;
    const QSignalBlocker block(field);
    field->setText(text);
    FieldMark::set(field, {});
}

std::optional<bool> triStateValue(const QComboBox *box)
{
    switch (box->currentIndex()) {
    case 1:
        return true;
    case 2:
        return false;
    default:
        return std::nullopt;
    }
}

void setTriState(QComboBox *box, std::optional<bool> value)
{
    const QSignalBlocker block(box);
    box->setCurrentIndex(!value ? 0 : *value ? 1 : 2);
}

/// Empty is "no limit"; else a whole number of at least 0.
std::expected<std::optional<qint64>, QString> tokens(const QLineEdit *field)
{
    const QString text = field->text().trimmed().remove(u'_').remove(u',');
    if (text.isEmpty())
        return std::optional<qint64>();
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 0)
        return std::unexpected(RuleEditor::tr("A number of tokens, such as 60000, or empty for no limit."));
    return std::optional<qint64>(value);
}

} // namespace

RuleEditor::RuleEditor(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_route(new QComboBox(this))
    , m_above(new QLineEdit(this))
    , m_below(new QLineEdit(this))
    , m_regex(new QLineEdit(this))
    , m_tags(new QLineEdit(this))
    , m_models(new QLineEdit(this))
    , m_images(triState(this))
    , m_tools(triState(this))
    , m_budget(new QComboBox(this))
{
    m_name->setObjectName(u"ruleName"_s);
    m_route->setObjectName(u"ruleRoute"_s);
    m_above->setObjectName(u"ruleTokensAbove"_s);
    m_below->setObjectName(u"ruleTokensBelow"_s);
    m_regex->setObjectName(u"ruleRegex"_s);
    m_tags->setObjectName(u"ruleTags"_s);
    m_models->setObjectName(u"ruleModels"_s);
    m_budget->setObjectName(u"ruleBudget"_s);
    m_above->setPlaceholderText(tr("any"));
    m_below->setPlaceholderText(tr("any"));
    m_regex->setPlaceholderText(tr("any text, e.g. (?i)password"));
    m_regex->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_regex->setToolTip(tr("A Perl-style regular expression over the last user message; case-sensitive "
                           "unless it starts with (?i)."));
    m_tags->setPlaceholderText(tr("any; e.g. private, hr"));
    m_models->setPlaceholderText(tr("any; e.g. auto, smart"));
    m_models->setToolTip(tr("The model name the caller asked for."));
    m_budget->setEditable(true);
    m_budget->addItem(tr("never"), QString());
    m_budget->addItem(tr("monthly total reached"), u"total"_s);
    m_budget->addItem(tr("any budget reached"), u"any"_s);
    m_budget->setToolTip(tr("Match only while a budget is reached: the monthly total, any, or type a provider id."));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Use route:"), m_route);
    auto *sizes = new QHBoxLayout;
    sizes->addWidget(m_above);
    sizes->addWidget(new QLabel(tr("and below"), this));
    sizes->addWidget(m_below);
    form->addRow(tr("Tokens above:"), sizes);
    form->addRow(tr("Te&xt matches:"), m_regex);
    form->addRow(tr("Ta&gs:"), m_tags);
    form->addRow(tr("Asked &model:"), m_models);
    auto *flags = new QHBoxLayout;
    flags->addWidget(new QLabel(tr("Images:"), this));
    flags->addWidget(m_images);
    flags->addSpacing(12);
    flags->addWidget(new QLabel(tr("Tools:"), this));
    flags->addWidget(m_tools);
    flags->addStretch();
    form->addRow(tr("Request has:"), flags);
    form->addRow(tr("B&udget:"), m_budget);

    for (QLineEdit *field : {m_name, m_above, m_below, m_regex, m_tags, m_models})
        connect(field, &QLineEdit::textEdited, this, &RuleEditor::commit);
    for (QComboBox *box : {m_route, m_images, m_tools})
        connect(box, &QComboBox::currentIndexChanged, this, &RuleEditor::commit);
    connect(m_budget, &QComboBox::currentTextChanged, this, [this] {
        if (!m_showing)
            commit();
    });
    setEnabled(false);
}

RuleEditor::~RuleEditor() = default;

QComboBox *RuleEditor::triState(QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->addItems({tr("either"), tr("yes"), tr("no")});
    return box;
}

void RuleEditor::setRule(const Routing::Rule &rule, const QStringList &routes)
{
    m_rule = rule;
    setEnabled(true);
    if (m_committing)
        return;
    m_showing = true;
    showText(m_name, rule.name);
    {
        const QSignalBlocker block(m_route);
        QStringList items = routes;
        if (!rule.route.isEmpty() && !items.contains(rule.route))
            items.append(rule.route); // a route that does not exist (yet): shown, marked by validation
        QStringList current;
        for (int i = 0; i < m_route->count(); ++i)
            current.append(m_route->itemText(i));
        if (current != items) {
            m_route->clear();
            m_route->addItems(items);
        }
        m_route->setCurrentText(rule.route);
    }
    showText(m_above, rule.when.tokensAbove ? QString::number(*rule.when.tokensAbove) : QString());
    showText(m_below, rule.when.tokensBelow ? QString::number(*rule.when.tokensBelow) : QString());
    showText(m_regex, rule.when.regex);
    if (splitList(m_tags->text()) != rule.when.tags)
        showText(m_tags, joinList(rule.when.tags));
    if (splitList(m_models->text()) != rule.when.models)
        showText(m_models, joinList(rule.when.models));
    setTriState(m_images, rule.when.hasImages);
    setTriState(m_tools, rule.when.hasTools);
    {
        const QSignalBlocker block(m_budget);
        const int known = m_budget->findData(rule.when.budgetReached);
        if (known >= 0)
            m_budget->setCurrentIndex(known);
        else
            m_budget->setCurrentText(rule.when.budgetReached);
    }
    m_showing = false;
}

void RuleEditor::commit()
{
    if (m_showing)
        return;
    Routing::Rule changed = m_rule;
    bool valid = true;

    const QString name = m_name->text().trimmed();
    FieldMark::set(m_name, name.isEmpty() ? tr("A rule needs a name.") : QString());
    valid &= !name.isEmpty();
    changed.name = name;
    changed.route = m_route->currentText();

    const auto check = [&valid](QLineEdit *field, std::optional<qint64> &out) {
        const auto value = tokens(field);
        FieldMark::set(field, value ? QString() : value.error());
        if (value)
            out = *value;
        valid &= value.has_value();
    };
    check(m_above, changed.when.tokensAbove);
    check(m_below, changed.when.tokensBelow);

    changed.when.regex = m_regex->text();
    if (!changed.when.regex.isEmpty()) {
        const QRegularExpression regex(changed.when.regex);
        FieldMark::set(m_regex, regex.isValid() ? QString()
                                                : tr("Not a valid regular expression: %1 (at character %2)")
                                                      .arg(regex.errorString())
                                                      .arg(regex.patternErrorOffset() + 1));
        valid &= regex.isValid();
    } else {
        FieldMark::set(m_regex, {});
    }
    changed.when.tags = splitList(m_tags->text());
    changed.when.models = splitList(m_models->text());
    changed.when.hasImages = triStateValue(m_images);
    changed.when.hasTools = triStateValue(m_tools);
    const QVariant budget = m_budget->currentData();
    changed.when.budgetReached = m_budget->currentIndex() >= 0 && m_budget->itemText(m_budget->currentIndex())
            == m_budget->currentText()
        ? budget.toString()
        : m_budget->currentText().trimmed();

    if (!valid || changed == m_rule)
        return;
    m_rule = changed;
    m_committing = true;
    Q_EMIT edited(m_rule);
    m_committing = false;
}

} // namespace Switchyard::RoutingUi
