#include "usage/usagefilterbar.h"

#include "usage/usageformat.h"

#include <QBoxLayout>
#include <QAbstractItemView>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QMetaEnum>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {
namespace {

constexpr int MaxFilterWidth = 170; // px

constexpr auto SettingsGroup = "UsagePage"_L1;

QString rangeKey(UsageFilterBar::Range range)
{
    return QString::fromLatin1(QMetaEnum::fromType<UsageFilterBar::Range>().valueToKey(int(range)));
}

QStringList selected(const QComboBox *box)
{
    const QVariant value = box->currentData();
    return value.isValid() ? QStringList{value.toString()} : QStringList{};
}

// Item data is the value the filter takes; the first item ("All …") has none.
void select(QComboBox *box, const QVariant &value)
{
    const int found = value.isValid() ? box->findData(value) : -1;
    box->setCurrentIndex(found >= 0 ? found : 0);
}

} // namespace

UsageFilterBar::UsageFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_range(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_provider(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_source(new QComboBox(this))
    , m_project(new QComboBox(this))
    , m_key(new QComboBox(this))
{
    m_range->setObjectName(u"rangeFilter"_s);
    m_range->setAccessibleName(tr("Date range"));
    m_range->addItem(tr("Today"), QVariant::fromValue(Range::Today));
    m_range->addItem(tr("Last 7 days"), QVariant::fromValue(Range::Last7Days));
    m_range->addItem(tr("Last 30 days"), QVariant::fromValue(Range::Last30Days));
    m_range->addItem(tr("This month"), QVariant::fromValue(Range::ThisMonth));
    m_range->addItem(tr("Custom"), QVariant::fromValue(Range::Custom));
    m_range->setCurrentIndex(int(Range::Last30Days));

    for (auto [edit, name, accessible] : {std::tuple{m_from, u"fromDate"_s, tr("First day")},
                                          std::tuple{m_to, u"toDate"_s, tr("Last day")}}) {
        edit->setObjectName(name);
        edit->setAccessibleName(accessible);
        edit->setCalendarPopup(true);
        edit->setDate(QDate::currentDate());
        edit->setVisible(false);
        connect(edit, &QDateEdit::dateChanged, this, [this] {
            if (m_filling)
                return;
            saveSettings();
            Q_EMIT changed();
        });
    }
    m_dash = new QLabel(u"–"_s, this);
    m_dash->setVisible(false);

    const std::array combos{std::tuple{m_provider, u"providerFilter"_s, tr("Provider")},
                            std::tuple{m_model, u"modelFilter"_s, tr("Model")},
                            std::tuple{m_source, u"sourceFilter"_s, tr("Source")},
                            std::tuple{m_project, u"projectFilter"_s, tr("Project")},
                            std::tuple{m_key, u"keyFilter"_s, tr("Gateway key")}};
    for (auto [box, name, accessible] : combos) {
        box->setObjectName(name);
        box->setAccessibleName(accessible);
        // As wide as their longest name, up to a point: with long model
        // names the boxes did not fit a 1024 px window and were painted over
        // each other. The list shows whole names (fill()).
        // A width of their own rather than their longest item's: five of
        // them and the range fit a 1024 px window beside the toolbar.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(9);
        box->setMaximumWidth(MaxFilterWidth);
        // Narrower still (elided) in a window smaller than that.
        box->setMinimumWidth(box->fontMetrics().averageCharWidth() * 3 + 28);
        connect(box, &QComboBox::currentIndexChanged, this, [this, box] {
            if (m_filling)
                return;
            if (box == m_provider)
                fillModels();
            saveSettings();
            Q_EMIT changed();
        });
    }
    // The last and least used filter gives way first at 1024 px: the others'
    // "All providers" and "All sources" stay readable.
    m_key->setMinimumContentsLength(6);
    connect(m_range, &QComboBox::currentIndexChanged, this, &UsageFilterBar::rangeChosen);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_range);
    layout->addWidget(m_from);
    layout->addWidget(m_dash);
    layout->addWidget(m_to);
    layout->addSpacing(8);
    for (auto [box, name, accessible] : combos)
        layout->addWidget(box);
    layout->addStretch(1);

    setChoices({});
    restoreSettings();
}

UsageFilterBar::~UsageFilterBar() = default;

std::pair<QDate, QDate> UsageFilterBar::span(Range range, QDate today, QDate customFrom, QDate customTo)
{
    switch (range) {
    case Range::Today:
        return {today, today};
    case Range::Last7Days:
        return {today.addDays(-6), today};
    case Range::Last30Days:
        return {today.addDays(-29), today};
    case Range::ThisMonth:
        return {QDate(today.year(), today.month(), 1), today};
    case Range::Custom:
        break;
    }
    if (customFrom > customTo)
        std::swap(customFrom, customTo);
    return {customFrom, customTo};
}

Usage::UsageFilter UsageFilterBar::filter(QDate today) const
{
    const auto [from, to] = span(range(), today, m_from->date(), m_to->date());
    return {.from = from,
            .to = to,
            .providers = selected(m_provider),
            .models = selected(m_model),
            .sources = selected(m_source),
            .projects = selected(m_project),
            .keys = selected(m_key)};
}

UsageFilterBar::Range UsageFilterBar::range() const
{
    return m_range->currentData().value<Range>();
}

void UsageFilterBar::setRange(Range range)
{
    m_range->setCurrentIndex(int(range));
}

void UsageFilterBar::setCustomRange(QDate from, QDate to)
{
    m_filling = true;
    m_from->setDate(from);
    m_to->setDate(to);
    setRange(Range::Custom);
    m_filling = false;
    saveSettings();
    Q_EMIT changed();
}

void UsageFilterBar::reset()
{
    m_filling = true;
    setRange(Range::Last30Days);
    for (QComboBox *box : {m_provider, m_model, m_source, m_project, m_key})
        box->setCurrentIndex(0);
    m_filling = false;
    fillModels();
    saveSettings();
    Q_EMIT changed();
}

void UsageFilterBar::rangeChosen()
{
    const Range chosen = range();
    const bool custom = chosen == Range::Custom;
    if (custom && !m_filling && m_shown != Range::Custom) {
        // Custom starts from the range that was shown, to be adjusted from there.
        const auto [from, to] = span(m_shown, QDate::currentDate());
        const bool wasFilling = std::exchange(m_filling, true);
        m_from->setDate(from);
        m_to->setDate(to);
        m_filling = wasFilling;
    }
    m_shown = chosen;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    m_dash->setVisible(custom);
    if (m_filling)
        return;
    saveSettings();
    Q_EMIT changed();
}

QString UsageFilterBar::itemText(const QComboBox *box, const QString &value) const
{
    if (box == m_source)
        return UsageFormat::sourceTitle(value);
    if (box == m_project)
        return UsageFormat::projectName(value);
    if (box == m_key)
        return UsageFormat::keyName(value);
    return value;
}

void UsageFilterBar::fill(QComboBox *box, const QStringList &values, const QString &allText)
{
    const QVariant current = box->currentData();
    // A choice the log does not hold (saved from an earlier run, or gone
    // after the database was started anew) stays selectable and selected.
    QStringList wanted = values;
    if (current.isValid() && !values.contains(current.toString()))
        wanted.append(current.toString());
    // The page refreshes while calls come in: an unchanged list is left
    // alone, so an open popup stays open.
    QStringList shown;
    for (int i = 1; i < box->count(); ++i)
        shown.append(box->itemData(i).toString());
    if (box->count() > 0 && shown == wanted)
        return;
    box->clear();
    box->addItem(allText);
    for (const QString &value : std::as_const(wanted))
        box->addItem(itemText(box, value), value);
    box->view()->setMinimumWidth(box->view()->sizeHintForColumn(0) + 24);
    select(box, current);
}

void UsageFilterBar::setChoices(const Usage::UsageChoices &choices)
{
    m_choices = choices;
    m_filling = true;
    fill(m_provider, choices.providers, tr("All providers"));
    // "No project" is a choice too: the calls nobody tagged.
    fill(m_project, QStringList{QString()} + choices.projects, tr("All projects"));
    fill(m_source, choices.sources, tr("All sources"));
    // "No key": the calls of the app and the CLI.
    fill(m_key, QStringList{QString()} + choices.keys, tr("All keys"));
    m_key->setVisible(!choices.keys.isEmpty() || m_key->currentIndex() > 0);
    m_filling = false;
    fillModels();
}

void UsageFilterBar::fillModels()
{
    const bool wasFilling = std::exchange(m_filling, true);
    const QString provider = m_provider->currentData().toString();
    QStringList models;
    for (const QString &model : std::as_const(m_choices.models)) {
        if (provider.isEmpty() || model.startsWith(provider + u'/'))
            models.append(model);
    }
    QVariant current = m_model->currentData();
    if (!provider.isEmpty() && current.isValid() && !current.toString().startsWith(provider + u'/')) {
        // A model of another provider would select nothing.
        m_model->setCurrentIndex(0);
    }
    fill(m_model, models, tr("All models"));
    m_filling = wasFilling;
}

void UsageFilterBar::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(SettingsGroup);
    settings.setValue(u"range"_s, rangeKey(range()));
    settings.setValue(u"from"_s, m_from->date());
    settings.setValue(u"to"_s, m_to->date());
    for (auto [box, key] : {std::pair{m_provider, u"provider"_s}, std::pair{m_model, u"model"_s},
                            std::pair{m_source, u"source"_s}, std::pair{m_project, u"project"_s},
                            std::pair{m_key, u"key"_s}}) {
        const QVariant value = box->currentData();
        if (value.isValid())
            settings.setValue(key, value);
        else
            settings.remove(key);
    }
}

void UsageFilterBar::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(SettingsGroup);
    m_filling = true;
    bool known = false;
    const int saved = QMetaEnum::fromType<Range>().keyToValue(
        settings.value(u"range"_s).toString().toLatin1().constData(), &known);
    const QDate from = settings.value(u"from"_s).toDate();
    const QDate to = settings.value(u"to"_s).toDate();
    if (from.isValid() && to.isValid()) {
        m_from->setDate(from);
        m_to->setDate(to);
    }
    for (auto [box, key] : {std::pair{m_provider, u"provider"_s}, std::pair{m_model, u"model"_s},
                            std::pair{m_source, u"source"_s}, std::pair{m_project, u"project"_s},
                            std::pair{m_key, u"key"_s}}) {
        if (settings.contains(key)) {
            const QString value = settings.value(key).toString();
            box->addItem(itemText(box, value), value);
            box->setCurrentIndex(box->count() - 1);
        }
    }
    if (known)
        setRange(Range(saved));
    m_filling = false;
}

} // namespace Switchyard::UsageUi
