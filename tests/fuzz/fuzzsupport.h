#pragma once

// What the fuzz targets share: cutting an input into pieces the way a network
// might deliver it, decided by the fuzzer's own bytes so that a crash
// reproduces from its input file alone, and a failure that aborts with a
// message (libFuzzer keeps the input that caused it).

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace FuzzSupport {

/// The input split in two: the first up to eight bytes choose the cuts, the
/// rest is the text. Cut sizes are 1..64 bytes, cycling through the seed.
struct Input {
    QByteArray text;
    QList<qsizetype> cuts; // piece sizes, summing to text.size()
};

inline Input split(const uint8_t *data, size_t size)
{
    const size_t seedSize = size < 8 ? size : 8;
    Input in;
    in.text = QByteArray(reinterpret_cast<const char *>(data) + seedSize, qsizetype(size - seedSize));
    qsizetype left = in.text.size();
    size_t i = 0;
    while (left > 0) {
        const qsizetype piece = seedSize == 0 ? left : qsizetype(data[i++ % seedSize] % 64) + 1;
        in.cuts.append(piece < left ? piece : left);
        left -= in.cuts.last();
    }
    return in;
}

/// Calls feed(QByteArrayView) for each piece of text.
template<typename Feed>
void inPieces(const Input &in, Feed &&feed)
{
    qsizetype at = 0;
    for (const qsizetype n : in.cuts) {
        feed(QByteArrayView(in.text).sliced(at, n));
        at += n;
    }
}

/// Calls feed(QByteArrayView) with the whole text, or with each piece.
template<typename Feed>
void feed(const Input &in, bool pieces, Feed &&feed)
{
    if (pieces)
        inPieces(in, feed);
    else
        feed(QByteArrayView(in.text));
}

[[noreturn]] inline void fail(const char *what, const QByteArray &whole, const QByteArray &pieces)
{
    std::fprintf(stderr, "fuzz: %s\n--- at once:\n%s\n--- in pieces:\n%s\n", what, whole.constData(), pieces.constData());
    std::abort();
}

/// The invariant of every stream parser: run(false) reads the text at once,
/// run(true) in pieces, each returning what it made of it; they must agree.
template<typename Run>
void sameInPieces(const char *what, Run &&run)
{
    const QByteArray whole = run(false);
    const QByteArray pieces = run(true);
    if (whole != pieces)
        fail(what, whole, pieces);
}

} // namespace FuzzSupport
