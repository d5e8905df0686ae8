#include "markdown/blockprobe.h"

#include "markdown/markdownrenderer.h"

#include <QByteArray>

#include <md4c.h>

namespace Switchyard::Markdown::BlockProbe {
namespace {

// Everything md4c reports about a text, in order, as bytes to compare: block
// and span boundaries with the details the renderer uses, and all text.
struct Signature {
    QByteArray bytes;

    void tag(char kind, int type)
    {
        bytes += kind;
        bytes += char('A' + type);
    }
    void number(qint64 n)
    {
        bytes += QByteArray::number(n);
        bytes += ',';
    }
    void string(const char *text, qsizetype size)
    {
        number(size);
        if (size > 0)
            bytes.append(text, size);
    }
    void string(const MD_ATTRIBUTE &a) { string(a.text, a.text ? qsizetype(a.size) : 0); }
};

int enterBlock(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    if (type == MD_BLOCK_DOC)
        return 0;
    auto *s = static_cast<Signature *>(userdata);
    s->tag('B', type);
    switch (type) {
    case MD_BLOCK_UL: {
        const auto *d = static_cast<const MD_BLOCK_UL_DETAIL *>(detail);
        s->number(d->is_tight);
        s->number(d->mark);
        break;
    }
    case MD_BLOCK_OL: {
        const auto *d = static_cast<const MD_BLOCK_OL_DETAIL *>(detail);
        s->number(d->start);
        s->number(d->is_tight);
        s->number(d->mark_delimiter);
        break;
    }
    case MD_BLOCK_LI: {
        const auto *d = static_cast<const MD_BLOCK_LI_DETAIL *>(detail);
        s->number(d->is_task);
        s->number(d->is_task ? d->task_mark : 0);
        break;
    }
    case MD_BLOCK_H:
        s->number(static_cast<const MD_BLOCK_H_DETAIL *>(detail)->level);
        break;
    case MD_BLOCK_CODE: {
        const auto *d = static_cast<const MD_BLOCK_CODE_DETAIL *>(detail);
        s->number(d->fence_char);
        s->string(d->info);
        break;
    }
    case MD_BLOCK_TABLE: {
        const auto *d = static_cast<const MD_BLOCK_TABLE_DETAIL *>(detail);
        s->number(d->col_count);
        s->number(d->head_row_count);
        s->number(d->body_row_count);
        break;
    }
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        s->number(static_cast<const MD_BLOCK_TD_DETAIL *>(detail)->align);
        break;
    default:
        break;
    }
    return 0;
}

int leaveBlock(MD_BLOCKTYPE type, void *, void *userdata)
{
    if (type != MD_BLOCK_DOC)
        static_cast<Signature *>(userdata)->tag('b', type);
    return 0;
}

int enterSpan(MD_SPANTYPE type, void *detail, void *userdata)
{
    auto *s = static_cast<Signature *>(userdata);
    s->tag('S', type);
    if (type == MD_SPAN_A) {
        const auto *d = static_cast<const MD_SPAN_A_DETAIL *>(detail);
        s->string(d->href);
        s->number(d->is_autolink);
    } else if (type == MD_SPAN_IMG) {
        s->string(static_cast<const MD_SPAN_IMG_DETAIL *>(detail)->src);
    }
    return 0;
}

int leaveSpan(MD_SPANTYPE type, void *, void *userdata)
{
    static_cast<Signature *>(userdata)->tag('s', type);
    return 0;
}

int text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    auto *s = static_cast<Signature *>(userdata);
    s->tag('T', type);
    s->string(text, qsizetype(size));
    return 0;
}

QByteArray signature(QByteArrayView text)
{
    Signature s;
    const MD_PARSER parser{.abi_version = 0,
                           .flags = MarkdownRenderer::parserFlags(),
                           .enter_block = enterBlock,
                           .leave_block = leaveBlock,
                           .enter_span = enterSpan,
                           .leave_span = leaveSpan,
                           .text = BlockProbe::text,
                           .debug_log = nullptr,
                           .syntax = nullptr};
    if (md_parse(text.data(), MD_SIZE(text.size()), &parser, &s) != 0)
        return QByteArray("failed"); // never equal to a concatenation of successes
    return s.bytes;
}

} // namespace

QList<qsizetype> confirm(QByteArrayView text, const QList<qsizetype> &candidates, qint64 *parsedBytes)
{
    QList<qsizetype> confirmed;
    qsizetype start = 0;
    for (qsizetype cut : candidates) {
        if (cut <= start || cut >= text.size())
            continue;
        // Up to the end of the line after the cut, and no further: the
        // verdict must not depend on how much text has arrived.
        const qsizetype newline = text.indexOf('\n', cut);
        const qsizetype end = newline < 0 ? text.size() : newline + 1;
        if (parsedBytes)
            *parsedBytes += 2 * (end - start);
        const QByteArray together = signature(text.sliced(start, end - start));
        const QByteArray before = signature(text.sliced(start, cut - start));
        if (together == before + signature(text.sliced(cut, end - cut))) {
            confirmed.append(cut);
            start = cut;
        }
    }
    return confirmed;
}

} // namespace Switchyard::Markdown::BlockProbe
