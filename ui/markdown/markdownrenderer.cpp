#include "markdown/markdownrenderer.h"

#include "markdown/codehighlighter.h"
#include "markdown/renderstyle.h"

#include <QStringTokenizer>
#include <QTextDocument>
#include <QTextList>
#include <QTextTable>

#include <md4c.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Markdown {
namespace {

// md4c hands entities over as written ("&amp;", "&#x1F600;"). Numeric ones
// decode by rule; named ones from the short list answers actually use. An
// unknown name stays as written, which is what a reader expects to see.
QString decodeEntity(QByteArrayView entity)
{
    if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';')
        return QString::fromUtf8(entity);
    const QByteArrayView body = entity.sliced(1, entity.size() - 2);
    if (body.startsWith('#')) {
        bool ok = false;
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        const uint code = QByteArray(body.sliced(hex ? 2 : 1)).toUInt(&ok, hex ? 16 : 10);
        // CommonMark: 0 and values outside Unicode become U+FFFD.
        if (!ok || code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return QString(QChar::ReplacementCharacter);
        const char32_t c = code;
        return QString::fromUcs4(&c, 1);
    }
    static const QHash<QByteArray, char16_t> named{
        {"amp", u'&'}, {"lt", u'<'}, {"gt", u'>'}, {"quot", u'"'}, {"apos", u'\''},
        {"nbsp", u'\u00a0'}, {"copy", u'\u00a9'}, {"reg", u'\u00ae'}, {"trade", u'\u2122'},
        {"hellip", u'\u2026'}, {"mdash", u'\u2014'}, {"ndash", u'\u2013'}, {"lsquo", u'\u2018'},
        {"rsquo", u'\u2019'}, {"ldquo", u'\u201c'}, {"rdquo", u'\u201d'}, {"laquo", u'\u00ab'},
        {"raquo", u'\u00bb'}, {"times", u'\u00d7'}, {"divide", u'\u00f7'}, {"deg", u'\u00b0'},
        {"plusmn", u'\u00b1'}, {"middot", u'\u00b7'}, {"bull", u'\u2022'}, {"larr", u'\u2190'},
        {"rarr", u'\u2192'}, {"uarr", u'\u2191'}, {"darr", u'\u2193'}, {"harr", u'\u2194'},
        {"rArr", u'\u21d2'}, {"lArr", u'\u21d0'}, {"le", u'\u2264'}, {"ge", u'\u2265'},
        {"ne", u'\u2260'}, {"asymp", u'\u2248'}, {"infin", u'\u221e'}, {"minus", u'\u2212'},
        {"euro", u'\u20ac'}, {"pound", u'\u00a3'}, {"yen", u'\u00a5'}, {"cent", u'\u00a2'},
        {"sect", u'\u00a7'}, {"para", u'\u00b6'}, {"micro", u'\u00b5'}, {"half", u'\u00bd'},
        {"frac12", u'\u00bd'}, {"frac14", u'\u00bc'}, {"frac34", u'\u00be'}, {"sup2", u'\u00b2'},
        {"sup3", u'\u00b3'}, {"check", u'\u2713'}, {"hearts", u'\u2665'}, {"shy", u'\u00ad'},
        {"zwj", u'\u200d'}, {"zwnj", u'\u200c'}, {"ensp", u'\u2002'}, {"emsp", u'\u2003'},
        {"thinsp", u'\u2009'}, {"alpha", u'\u03b1'}, {"beta", u'\u03b2'}, {"gamma", u'\u03b3'},
        {"delta", u'\u03b4'}, {"lambda", u'\u03bb'}, {"mu", u'\u03bc'}, {"pi", u'\u03c0'},
        {"sigma", u'\u03c3'}, {"Delta", u'\u0394'}, {"Sigma", u'\u03a3'}, {"Omega", u'\u03a9'},
    };
    const auto found = named.constFind(body.toByteArray());
    return found != named.cend() ? QString(QChar(*found)) : QString::fromUtf8(entity);
}

// An attribute (a link target, an image source, an info string) with its
// entities decoded.
QString attributeText(const MD_ATTRIBUTE &attribute)
{
    QString out;
    if (!attribute.text)
        return out;
    for (int i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
        const MD_OFFSET begin = attribute.substr_offsets[i];
        const QByteArrayView part(attribute.text + begin, qsizetype(attribute.substr_offsets[i + 1] - begin));
        switch (attribute.substr_types[i]) {
        case MD_TEXT_ENTITY:
            out += decodeEntity(part);
            break;
        case MD_TEXT_NULLCHAR:
            out += QChar(QChar::ReplacementCharacter);
            break;
        default:
            out += QString::fromUtf8(part);
            break;
        }
    }
    return out;
}

// md4c leaves the scheme off autolinks it finds in running text.
QString autolinkTarget(const QString &href)
{
    const qsizetype colon = href.indexOf(u':');
    const bool hasScheme = colon > 0 && !href.left(colon).contains(u'.') && !href.left(colon).contains(u'/');
    if (hasScheme)
        return href;
    if (href.contains(u'@') && !href.contains(u'/'))
        return u"mailto:"_s + href;
    return u"https://"_s + href;
}

QTextListFormat::Style bulletFor(int depth)
{
    switch (depth % 3) {
    case 0:
        return QTextListFormat::ListDisc;
    case 1:
        return QTextListFormat::ListCircle;
    default:
        return QTextListFormat::ListSquare;
    }
}

} // namespace

struct MarkdownRenderer::Callbacks {
    static MarkdownRenderer *self(void *userdata) { return static_cast<MarkdownRenderer *>(userdata); }
    static int enterBlock(MD_BLOCKTYPE type, void *detail, void *userdata)
    {
        self(userdata)->onEnterBlock(type, detail);
        return 0;
    }
    static int leaveBlock(MD_BLOCKTYPE type, void *, void *userdata)
    {
        self(userdata)->onLeaveBlock(type);
        return 0;
    }
    static int enterSpan(MD_SPANTYPE type, void *detail, void *userdata)
    {
        self(userdata)->onEnterSpan(type, detail);
        return 0;
    }
    static int leaveSpan(MD_SPANTYPE type, void *, void *userdata)
    {
        self(userdata)->onLeaveSpan(type);
        return 0;
    }
    static int text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
    {
        self(userdata)->onText(type, QByteArrayView(text, qsizetype(size)));
        return 0;
    }
};

unsigned MarkdownRenderer::parserFlags()
{
    return MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEAUTOLINKS
        | MD_FLAG_NOHTML;
}

MarkdownRenderer::MarkdownRenderer(QTextDocument *document, const RenderStyle &style,
                                   CodeHighlighter &highlighter, QList<CodeBlock> &codeBlocks,
                                   QList<QUrl> &images)
    : m_document(document)
    , m_style(style)
    , m_highlighter(highlighter)
    , m_codeBlocks(codeBlocks)
    , m_images(images)
{
}

bool MarkdownRenderer::render(QByteArrayView markdown, bool &fresh)
{
    m_cursor = QTextCursor(m_document);
    m_cursor.movePosition(QTextCursor::End);
    m_fresh = fresh;
    m_blockOpen = false;
    m_quoteDepth = 0;
    m_lists.clear();
    m_pendingItem = false;
    m_formats = {QTextCharFormat()};
    m_openSpans = 0;
    m_table = nullptr;
    m_inCode = false;
    m_imageDepth = 0;

    const MD_PARSER parser{.abi_version = 0,
                           .flags = parserFlags(),
                           .enter_block = Callbacks::enterBlock,
                           .leave_block = Callbacks::leaveBlock,
                           .enter_span = Callbacks::enterSpan,
                           .leave_span = Callbacks::leaveSpan,
                           .text = Callbacks::text,
                           .debug_log = nullptr,
                           .syntax = nullptr};
    const int result = md_parse(markdown.data(), MD_SIZE(markdown.size()), &parser, this);
    fresh = m_fresh;
    return result == 0;
}

int MarkdownRenderer::indentLevel() const
{
    return m_quoteDepth + int(m_lists.size());
}

void MarkdownRenderer::pushFormat(const QTextCharFormat &change)
{
    QTextCharFormat format = m_formats.last();
    format.merge(change);
    m_formats.append(format);
}

void MarkdownRenderer::popFormat()
{
    if (m_formats.size() > 1)
        m_formats.removeLast();
}

void MarkdownRenderer::startBlock(QTextBlockFormat block, const QTextCharFormat &chars)
{
    if (const int indent = indentLevel(); indent > 0)
        block.setIndent(indent);
    if (m_quoteDepth > 0)
        block.setProperty(QTextFormat::BlockQuoteLevel, m_quoteDepth);
    if (m_pendingItem && m_pendingMarker != 0)
        block.setMarker(QTextBlockFormat::MarkerType(m_pendingMarker));

    if (m_fresh) {
        m_cursor.setBlockFormat(block);
        m_cursor.setBlockCharFormat(chars);
        m_fresh = false;
    } else {
        m_cursor.insertBlock(block, chars);
    }
    if (m_pendingItem && !m_lists.isEmpty()) {
        ListLevel &level = m_lists.last();
        if (level.list)
            level.list->add(m_cursor.block());
        else
            level.list = m_cursor.createList(level.format);
    }
    m_pendingItem = false;
    m_blockOpen = true;
}

// Text with no block of its own: a tight list item's text, or text after a
// nested list inside an item.
void MarkdownRenderer::startImplicitBlock()
{
    const bool tight = !m_lists.isEmpty() && m_lists.last().tight;
    // The block's own character format (which list markers are drawn with)
    // comes from the blocks around it, not from the span the text opens
    // with: "- ~~done~~" must not strike through its bullet.
    const QTextCharFormat &blockChars = m_formats.at(m_formats.size() - 1 - m_openSpans);
    startBlock(tight ? m_style.tightItem : m_style.paragraph, blockChars);
}

void MarkdownRenderer::insertText(const QString &text, const QTextCharFormat &format)
{
    if (text.isEmpty())
        return;
    if (!m_blockOpen)
        startImplicitBlock();
    m_cursor.insertText(text, format);
}

void MarkdownRenderer::onEnterBlock(int type, void *detail)
{
    switch (MD_BLOCKTYPE(type)) {
    case MD_BLOCK_DOC:
        break;
    case MD_BLOCK_QUOTE:
        m_blockOpen = false;
        ++m_quoteDepth;
        pushFormat(m_style.quote);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL: {
        m_blockOpen = false;
        ListLevel level;
        if (type == MD_BLOCK_UL) {
            const auto *ul = static_cast<const MD_BLOCK_UL_DETAIL *>(detail);
            level.tight = ul->is_tight != 0;
            level.format.setStyle(bulletFor(int(m_lists.size())));
        } else {
            const auto *ol = static_cast<const MD_BLOCK_OL_DETAIL *>(detail);
            level.tight = ol->is_tight != 0;
            level.format.setStyle(QTextListFormat::ListDecimal);
            level.format.setStart(int(ol->start));
            if (ol->mark_delimiter == ')')
                level.format.setNumberSuffix(u")"_s);
        }
        level.format.setIndent(indentLevel() + 1);
        m_lists.append(level);
        break;
    }
    case MD_BLOCK_LI: {
        m_blockOpen = false;
        const auto *li = static_cast<const MD_BLOCK_LI_DETAIL *>(detail);
        m_pendingItem = true;
        m_pendingMarker = li->is_task ? int(li->task_mark == ' ' ? QTextBlockFormat::MarkerType::Unchecked
                                                                  : QTextBlockFormat::MarkerType::Checked)
                                      : 0;
        break;
    }
    case MD_BLOCK_HR:
        startBlock(m_style.rule, QTextCharFormat());
        m_blockOpen = false;
        break;
    case MD_BLOCK_H: {
        const int level = std::clamp(int(static_cast<const MD_BLOCK_H_DETAIL *>(detail)->level), 1, 6) - 1;
        pushFormat(m_style.headingChar[level]);
        startBlock(m_style.headingBlock[level], m_formats.last());
        break;
    }
    case MD_BLOCK_CODE: {
        const auto *code = static_cast<const MD_BLOCK_CODE_DETAIL *>(detail);
        m_inCode = true;
        m_codeLanguage = attributeText(code->lang);
        m_code.clear();
        break;
    }
    case MD_BLOCK_HTML: // not produced with MD_FLAG_NOHTML; shown as text if it ever is
    case MD_BLOCK_P:
        startBlock(m_lists.isEmpty() || !m_lists.last().tight ? m_style.paragraph : m_style.tightItem,
                   m_formats.last());
        break;
    case MD_BLOCK_TABLE:
        enterTable(detail);
        break;
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        enterCell(type, detail);
        break;
    }
}

void MarkdownRenderer::onLeaveBlock(int type)
{
    switch (MD_BLOCKTYPE(type)) {
    case MD_BLOCK_DOC:
        break;
    case MD_BLOCK_QUOTE:
        m_blockOpen = false;
        --m_quoteDepth;
        popFormat();
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        m_blockOpen = false;
        m_lists.removeLast();
        // A tight list's items sit close together; the list as a whole still
        // keeps a paragraph's distance from what follows.
        if (m_lists.isEmpty() && !m_fresh) {
            QTextBlockFormat spacing;
            spacing.setBottomMargin(m_style.paragraph.bottomMargin());
            m_cursor.mergeBlockFormat(spacing);
        }
        break;
    case MD_BLOCK_LI:
        if (m_pendingItem) // an empty item still shows its bullet
            startImplicitBlock();
        m_blockOpen = false;
        break;
    case MD_BLOCK_H:
        popFormat();
        m_blockOpen = false;
        break;
    case MD_BLOCK_CODE:
        insertCodeBlock();
        m_inCode = false;
        break;
    case MD_BLOCK_HR:
    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
        m_blockOpen = false;
        break;
    case MD_BLOCK_TABLE:
        leaveTable();
        break;
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
        break;
    case MD_BLOCK_TR:
        ++m_row;
        m_column = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        if (type == MD_BLOCK_TH)
            popFormat();
        ++m_column;
        m_blockOpen = false;
        break;
    }
}

void MarkdownRenderer::onEnterSpan(int type, void *detail)
{
    QTextCharFormat change;
    switch (MD_SPANTYPE(type)) {
    case MD_SPAN_EM:
        change.setFontItalic(true);
        break;
    case MD_SPAN_STRONG:
        change.setFontWeight(QFont::Bold);
        break;
    case MD_SPAN_DEL:
        change.setFontStrikeOut(true);
        break;
    case MD_SPAN_CODE:
        change = m_style.inlineCode;
        break;
    case MD_SPAN_A: {
        const auto *a = static_cast<const MD_SPAN_A_DETAIL *>(detail);
        QString href = attributeText(a->href);
        if (a->is_autolink)
            href = autolinkTarget(href);
        change = m_style.link;
        change.setAnchor(true);
        change.setAnchorHref(href);
        change.setToolTip(href); // the whole target, before anyone clicks
        break;
    }
    case MD_SPAN_IMG:
        if (m_imageDepth++ == 0) {
            m_imageSource = attributeText(static_cast<const MD_SPAN_IMG_DETAIL *>(detail)->src);
            m_imageAlt.clear();
        }
        break;
    default: // extensions not enabled: underline, wiki links, LaTeX
        break;
    }
    pushFormat(change);
    ++m_openSpans;
}

void MarkdownRenderer::onLeaveSpan(int type)
{
    --m_openSpans;
    popFormat();
    if (type == MD_SPAN_IMG && --m_imageDepth == 0)
        insertImagePlaceholder();
}

void MarkdownRenderer::onText(int type, QByteArrayView text)
{
    if (m_inCode) {
        m_code += QString::fromUtf8(text);
        return;
    }
    QString s;
    switch (MD_TEXTTYPE(type)) {
    case MD_TEXT_NULLCHAR:
        s = QChar(QChar::ReplacementCharacter);
        break;
    case MD_TEXT_BR:
        s = m_imageDepth > 0 ? u" "_s : QString(QChar::LineSeparator);
        break;
    case MD_TEXT_SOFTBR:
        s = u" "_s;
        break;
    case MD_TEXT_ENTITY:
        s = decodeEntity(text);
        break;
    default: // normal text, inline code, and raw HTML (if md4c ever reports it): all literal
        s = QString::fromUtf8(text);
        break;
    }
    if (m_imageDepth > 0)
        m_imageAlt += s;
    else
        insertText(s, m_formats.last());
}

void MarkdownRenderer::enterTable(const void *detail)
{
    const auto *table = static_cast<const MD_BLOCK_TABLE_DETAIL *>(detail);
    const int rows = int(table->head_row_count + table->body_row_count);
    const int columns = int(table->col_count);
    m_blockOpen = false;
    if (m_pendingItem)
        startImplicitBlock();
    QTextTableFormat format = m_style.table;
    format.setHeaderRowCount(int(table->head_row_count));
    if (const int indent = indentLevel(); indent > 0)
        format.setLeftMargin(indent * m_style.indentWidth);
    m_table = rows > 0 && columns > 0 ? m_cursor.insertTable(rows, columns, format) : nullptr;
    if (m_table) {
        for (int row = 0; row < rows; ++row) {
            const QTextTableCellFormat &cell =
                row < int(table->head_row_count) ? m_style.headerCell : m_style.cell;
            for (int column = 0; column < columns; ++column)
                m_table->cellAt(row, column).setFormat(cell);
        }
    }
    m_row = 0;
    m_column = 0;
}

void MarkdownRenderer::enterCell(int type, const void *detail)
{
    if (type == MD_BLOCK_TH)
        pushFormat(m_style.tableHeader);
    const QTextTableCell cell = m_table ? m_table->cellAt(m_row, m_column) : QTextTableCell();
    if (!cell.isValid()) {
        // Not expected from md4c; the cell's text then follows in a block.
        m_blockOpen = false;
        return;
    }
    m_cursor = cell.firstCursorPosition();
    QTextBlockFormat block;
    switch (static_cast<const MD_BLOCK_TD_DETAIL *>(detail)->align) {
    case MD_ALIGN_CENTER:
        block.setAlignment(Qt::AlignHCenter);
        break;
    case MD_ALIGN_RIGHT:
        block.setAlignment(Qt::AlignRight);
        break;
    default:
        block.setAlignment(Qt::AlignLeft);
        break;
    }
    m_cursor.setBlockFormat(block);
    // The cell's own format (its background) lives in the character format
    // of its first position: merge into it, never replace it.
    m_cursor.mergeBlockCharFormat(m_formats.last());
    m_blockOpen = true;
}

void MarkdownRenderer::leaveTable()
{
    if (m_table)
        takeBlockAfterTable(m_table->lastPosition());
    m_table = nullptr;
}

// The cursor goes to the block QTextDocument keeps after a table. It stays
// collapsed until the next block takes it over, so an answer that ends in a
// table has no empty line below it.
void MarkdownRenderer::takeBlockAfterTable(int lastPositionInTable)
{
    m_cursor.setPosition(lastPositionInTable);
    m_cursor.movePosition(QTextCursor::NextBlock);
    m_cursor.setBlockFormat(m_style.collapsed);
    m_cursor.setBlockCharFormat(QTextCharFormat());
    m_fresh = true;
    m_blockOpen = false;
}

void MarkdownRenderer::insertCodeBlock()
{
    QString code = m_code;
    if (code.endsWith(u'\n'))
        code.chop(1);
    const int index = int(m_codeBlocks.size());
    m_codeBlocks.append({m_codeLanguage, code});

    if (m_pendingItem) // a list item that opens with a code block still shows its bullet
        startImplicitBlock();

    // A header line with the language and a Copy link the view acts on.
    QTextBlockFormat header = m_style.codeHeader;
    header.setProperty(CodeBlockIndex, index);
    // md4c ends every line with '\n': "" has no lines, "\n" one empty line.
    const qsizetype lineCount = m_code.count(u'\n') + (m_code.isEmpty() || m_code.endsWith(u'\n') ? 0 : 1);
    if (lineCount == 0)
        header.setBottomMargin(m_style.codePadding + m_style.codeSpacing);
    startBlock(header, m_style.codeLanguage);
    if (!m_codeLanguage.isEmpty())
        m_cursor.insertText(m_codeLanguage + u"   "_s, m_style.codeLanguage);
    QTextCharFormat copy = m_style.codeCopy;
    copy.setAnchor(true);
    copy.setAnchorHref(u"switchyard-copy:%1"_s.arg(index));
    copy.setToolTip(tr("Copy this code to the clipboard"));
    m_cursor.insertText(tr("Copy"), copy);

    QTextBlockFormat lineFormat = m_style.codeLine;
    lineFormat.setProperty(CodeBlockIndex, index);
    QTextBlockFormat lastLineFormat = lineFormat;
    lastLineFormat.setBottomMargin(m_style.codePadding + m_style.codeSpacing);
    m_highlighter.begin(m_codeLanguage, index);
    qsizetype lineNumber = 0;
    for (QStringView line : QStringTokenizer(code, u'\n')) {
        if (lineNumber++ >= lineCount)
            break;
        startBlock(lineNumber == lineCount ? lastLineFormat : lineFormat, m_style.code);
        const QList<CodeHighlighter::Run> &runs = m_highlighter.highlightNext(line);
        qsizetype done = 0;
        for (const CodeHighlighter::Run &run : runs) {
            if (run.start < done || run.start + run.length > line.size())
                continue;
            if (run.start > done)
                m_cursor.insertText(line.sliced(done, run.start - done).toString(), m_style.code);
            QTextCharFormat format = m_style.code;
            format.merge(run.format);
            m_cursor.insertText(line.sliced(run.start, run.length).toString(), format);
            done = run.start + run.length;
        }
        if (done < line.size())
            m_cursor.insertText(line.sliced(done).toString(), m_style.code);
    }
    m_blockOpen = false;
}

void MarkdownRenderer::insertImagePlaceholder()
{
    // Nothing is fetched: the placeholder says what the image is and where it
    // would come from, and only a click (which the view confirms) goes there.
    const int index = int(m_images.size());
    m_images.append(QUrl(m_imageSource));
    const QString alt = m_imageAlt.simplified();
    const QString text = alt.isEmpty() ? tr("[image — click to load %1]").arg(m_imageSource)
                                       : tr("[image: %1 — click to load %2]").arg(alt, m_imageSource);
    QTextCharFormat format = m_formats.last();
    format.merge(m_style.placeholder);
    format.setAnchor(true);
    format.setAnchorHref(u"switchyard-image:%1"_s.arg(index));
    format.setToolTip(m_imageSource);
    insertText(text, format);
}

} // namespace Switchyard::Markdown
