#include "evaluate/evalmatrixmodel.h"

#include "base/units.h"
#include "eval/runexport.h"
#include "widgets/statuscolors.h"

#include <QApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace Switchyard::EvaluateUi {

using Eval::EvalCell;

namespace {

QString cellKey(const QString &caseKey, const QString &target)
{
    return caseKey + u'\x1f' + target;
}

QColor tint(QColor color, const QPalette &palette)
{
    // Light enough over the base that the cell's text keeps its contrast.
    const QColor base = palette.color(QPalette::Base);
    const double a = 0.22;
    return QColor::fromRgbF(float(color.redF() * a + base.redF() * (1 - a)),
                            float(color.greenF() * a + base.greenF() * (1 - a)),
                            float(color.blueF() * a + base.blueF() * (1 - a)));
}

} // namespace

EvalMatrixModel::EvalMatrixModel(QObject *parent) : QAbstractTableModel(parent) {}

void EvalMatrixModel::setLayout(const QStringList &caseKeys, const QStringList &prompts, const QStringList &targets)
{
    beginResetModel();
    m_keys = caseKeys;
    m_prompts = prompts;
    m_targets = targets;
    m_cells.clear();
    endResetModel();
}

void EvalMatrixModel::setCells(const QList<EvalCell> &cells)
{
    // New cases or targets change the shape: reset. Otherwise the cells
    // change in place, which keeps the selection and the scroll position.
    bool grows = false;
    for (const EvalCell &c : cells)
        grows = grows || !m_keys.contains(c.caseKey) || !m_targets.contains(c.target);
    if (grows) {
        beginResetModel();
        for (const EvalCell &c : cells) {
            if (!m_keys.contains(c.caseKey)) {
                m_keys.append(c.caseKey);
                m_prompts.append(c.prompt);
            }
            if (!m_targets.contains(c.target))
                m_targets.append(c.target);
        }
    }
    m_cells.clear();
    for (const EvalCell &c : cells)
        m_cells.insert(cellKey(c.caseKey, c.target), c);
    if (grows)
        endResetModel();
    else if (rowCount() > 0 && columnCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void EvalMatrixModel::clear()
{
    setLayout({}, {}, {});
}

const EvalCell *EvalMatrixModel::cell(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_keys.size() || index.column() >= m_targets.size())
        return nullptr;
    const auto it = m_cells.constFind(cellKey(m_keys.at(index.row()), m_targets.at(index.column())));
    return it == m_cells.constEnd() ? nullptr : &*it;
}

int EvalMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

int EvalMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_targets.size());
}

QVariant EvalMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const EvalCell *c = cell(index);
    if (!c) {
        if (role == Qt::DisplayRole)
            return u"…"_s;
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignCenter);
        return {};
    }
    const QPalette palette = QApplication::palette();
    switch (role) {
    case Qt::DisplayRole: {
        QString first = Eval::RunExport::cellText(*c);
        if (c->score)
            first += u"   %1"_s.arg(*c->score, 0, 'f', 2);
        QStringList figures;
        const QString cost = Base::Units::usd(c->costNanoUsd);
        figures.append(c->costNanoUsd && c->costEstimated ? u"≈"_s + cost : cost);
        figures.append(c->latencyMs ? Base::Units::duration(*c->latencyMs) : u"–"_s);
        return QString(first + u'\n' + figures.join(u" · "_s));
    }
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    case Qt::ForegroundRole:
        if (!c->passedAll())
            return Widgets::StatusColors::error(palette);
        return {};
    case Qt::BackgroundRole:
        if (c->change == EvalCell::Change::Regressed)
            return tint(Widgets::StatusColors::error(palette), palette);
        if (c->change == EvalCell::Change::Improved)
            return tint(palette.color(QPalette::Highlight), palette);
        return {};
    case Qt::ToolTipRole: {
        QString tip = u"%1 of %2 passed"_s.arg(c->passed).arg(c->runs);
        if (c->errors)
            tip += u", %1 with errors"_s.arg(c->errors);
        if (c->change == EvalCell::Change::Regressed)
            tip += tr("\nRegressed: passed in the baseline run, fails now.");
        else if (c->change == EvalCell::Change::Improved)
            tip += tr("\nImproved: failed in the baseline run, passes now.");
        else if (c->change == EvalCell::Change::New)
            tip += tr("\nNot in the baseline run.");
        if (c->costEstimated)
            tip += tr("\n≈ The cost is estimated from the text: the provider reported no usage.");
        return QString(tip + tr("\nClick to see the answer."));
    }
    case Qt::AccessibleTextRole:
        return data(index, Qt::DisplayRole).toString().replace(u'\n', u", "_s);
    case ChangeRole:
        return int(c->change);
    case PassedRole:
        return c->passedAll();
    default:
        return {};
    }
}

QVariant EvalMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const QStringList &names = orientation == Qt::Horizontal ? m_targets : m_keys;
    if (section < 0 || section >= names.size())
        return {};
    if (role == Qt::DisplayRole) {
        // The view elides what does not fit; the tooltip has the whole name.
        return QString(names.at(section)).replace(u'\n', u' ');
    }
    if (role == Qt::ToolTipRole)
        return orientation == Qt::Horizontal ? names.at(section) : m_prompts.value(section, names.at(section));
    return {};
}

} // namespace Switchyard::EvaluateUi
