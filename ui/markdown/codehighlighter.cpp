#include "markdown/codehighlighter.h"

#include "markdown/syntaxrepository.h"

#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

using namespace Qt::StringLiterals;

namespace Switchyard::Markdown {

CodeHighlighter::CodeHighlighter()
{
    setTheme(syntaxRepository().defaultTheme(KSyntaxHighlighting::Repository::LightTheme));
}

void CodeHighlighter::setDark(bool dark)
{
    if (dark == m_dark)
        return;
    m_dark = dark;
    setTheme(syntaxRepository().defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                  : KSyntaxHighlighting::Repository::LightTheme));
    m_formats.clear();
    m_lines.clear();
    m_blockId = -1;
}

KSyntaxHighlighting::Definition CodeHighlighter::definitionFor(QStringView language)
{
    if (language.isEmpty())
        return {};
    const QString name = language.toString();
    if (const auto cached = m_definitions.constFind(name); cached != m_definitions.cend())
        return *cached;
    auto &repository = syntaxRepository();
    // Names and alternative names ("C++", "cpp", "Python", "bash") first, then
    // the info string as a file extension ("py", "rs", "ts", "yml").
    KSyntaxHighlighting::Definition definition = repository.definitionForName(name);
    if (!definition.isValid())
        definition = repository.definitionForFileName(u"code."_s + name.toLower());
    if (!definition.isValid()) {
        static const QHash<QString, QString> aliases{
            {u"shell"_s, u"Bash"_s}, {u"console"_s, u"Bash"_s}, {u"sh"_s, u"Bash"_s},
            {u"golang"_s, u"Go"_s},  {u"c++"_s, u"C++"_s},      {u"objc"_s, u"Objective-C"_s},
        };
        const auto alias = aliases.constFind(name.toLower());
        if (alias != aliases.cend())
            definition = repository.definitionForName(*alias);
    }
    m_definitions.insert(name, definition);
    return definition;
}

bool CodeHighlighter::begin(QStringView language, qsizetype blockId)
{
    const KSyntaxHighlighting::Definition found = definitionFor(language);
    if (blockId != m_blockId || found != definition())
        m_lines.clear();
    m_blockId = blockId;
    m_line = 0;
    m_state = {};
    m_active = found.isValid();
    if (m_active && found != definition())
        setDefinition(found);
    return m_active;
}

const QList<CodeHighlighter::Run> &CodeHighlighter::highlightNext(QStringView line)
{
    if (!m_active)
        return m_none;
    const int index = m_line++;
    if (index < m_lines.size()) {
        const Line &cached = m_lines.at(index);
        // The same text in the same state highlights the same way.
        if (cached.before == m_state && cached.text == line) {
            m_state = cached.after;
            return cached.runs;
        }
    } else {
        m_lines.resize(index + 1);
    }
    Line &entry = m_lines[index];
    entry.text = line.toString();
    entry.before = m_state;
    entry.runs.clear();
    m_target = &entry.runs;
    m_state = highlightLine(line, m_state);
    m_target = nullptr;
    entry.after = m_state;
    ++m_linesHighlighted;
    return entry.runs;
}

void CodeHighlighter::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    if (!m_target || length <= 0 || format.isDefaultTextStyle(theme()))
        return;
    const QTextCharFormat chars = charFormat(format);
    if (!chars.isEmpty())
        m_target->append({offset, length, chars});
}

QTextCharFormat CodeHighlighter::charFormat(const KSyntaxHighlighting::Format &format)
{
    const auto found = m_formats.constFind(format.id());
    if (found != m_formats.cend())
        return *found;
    const KSyntaxHighlighting::Theme current = theme();
    QTextCharFormat chars;
    if (format.hasTextColor(current))
        chars.setForeground(format.textColor(current));
    if (format.hasBackgroundColor(current))
        chars.setBackground(format.backgroundColor(current));
    if (format.isBold(current))
        chars.setFontWeight(QFont::Bold);
    if (format.isItalic(current))
        chars.setFontItalic(true);
    if (format.isUnderline(current))
        chars.setFontUnderline(true);
    if (format.isStrikeThrough(current))
        chars.setFontStrikeOut(true);
    m_formats.insert(format.id(), chars);
    return chars;
}

} // namespace Switchyard::Markdown
