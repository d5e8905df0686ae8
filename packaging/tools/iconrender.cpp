// switchyard-iconrender SVG [--png SIZE:FILE]... [--ico FILE] [--icns FILE]
//
// A build-time tool: renders the one SVG source of the application icon to the
// PNGs a freedesktop icon theme wants (one per hicolor size), a Windows .ico
// and a macOS .icns. Both containers hold PNG images, which every Windows since
// Vista and every macOS since 10.7 read, so no platform tool (iconutil, ImageMagick)
// is needed and the same files come out on every build machine.

#include <QBuffer>
#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QPainter>
#include <QSaveFile>
#include <QStringList>
#include <QSvgRenderer>
#include <QtEndian>

#include <cstdio>
#include <cstdlib>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "switchyard-iconrender: %s\n", qPrintable(message));
    std::exit(1);
}

QByteArray renderPng(QSvgRenderer &svg, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        svg.render(&painter, QRectF(0, 0, size, size));
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        fail(u"could not encode a %1 px PNG"_s.arg(size));
    return png;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        fail(u"could not write %1: %2"_s.arg(path, file.errorString()));
}

template <typename T> void append(QByteArray &out, T value, bool bigEndian)
{
    char bytes[sizeof(T)];
    if (bigEndian)
        qToBigEndian(value, bytes);
    else
        qToLittleEndian(value, bytes);
    out.append(bytes, sizeof(T));
}

// ICO: a 6-byte header, a 16-byte entry per image, then the images (PNG).
// A width or height of 0 in an entry means 256.
QByteArray icoOf(QSvgRenderer &svg)
{
    const QList<int> sizes{16, 24, 32, 48, 64, 128, 256};
    QList<QByteArray> images;
    for (int size : sizes)
        images.append(renderPng(svg, size));
    QByteArray out;
    append<quint16>(out, 0, false);
    append<quint16>(out, 1, false); // an icon, not a cursor
    append<quint16>(out, quint16(sizes.size()), false);
    quint32 offset = 6 + 16 * quint32(sizes.size());
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        const auto dimension = quint8(sizes.at(i) >= 256 ? 0 : sizes.at(i));
        out.append(char(dimension));
        out.append(char(dimension));
        out.append(char(0)); // no palette
        out.append(char(0));
        append<quint16>(out, 1, false);  // colour planes
        append<quint16>(out, 32, false); // bits per pixel
        append<quint32>(out, quint32(images.at(i).size()), false);
        append<quint32>(out, offset, false);
        offset += quint32(images.at(i).size());
    }
    for (const QByteArray &image : std::as_const(images))
        out.append(image);
    return out;
}

// ICNS: "icns" and the file's length, then one element per image: a
// four-character type, the element's length, the PNG.
QByteArray icnsOf(QSvgRenderer &svg)
{
    const QList<std::pair<const char *, int>> elements{
        {"icp4", 16}, {"icp5", 32}, {"icp6", 64},  {"ic07", 128}, {"ic08", 256}, {"ic09", 512},
        {"ic10", 1024}, {"ic11", 32}, {"ic12", 64}, {"ic13", 256}, {"ic14", 512}};
    QByteArray body;
    for (const auto &[type, size] : elements) {
        const QByteArray png = renderPng(svg, size);
        body.append(type, 4);
        append<quint32>(body, quint32(8 + png.size()), true);
        body.append(png);
    }
    QByteArray out("icns");
    append<quint32>(out, quint32(8 + body.size()), true);
    out.append(body);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first().startsWith(u'-'))
        fail(u"usage: switchyard-iconrender SVG [--png SIZE:FILE]... [--ico FILE] [--icns FILE]"_s);
    QSvgRenderer svg(args.takeFirst());
    if (!svg.isValid())
        fail(u"the SVG could not be read"_s);
    while (!args.isEmpty()) {
        const QString option = args.takeFirst();
        if (args.isEmpty())
            fail(u"%1 needs a value"_s.arg(option));
        const QString value = args.takeFirst();
        if (option == "--png"_L1) {
            const qsizetype colon = value.indexOf(u':');
            bool ok = false;
            const int size = value.left(colon).toInt(&ok);
            if (colon < 0 || !ok || size < 1 || size > 4096)
                fail(u"--png wants SIZE:FILE, not '%1'"_s.arg(value));
            writeFile(value.mid(colon + 1), renderPng(svg, size));
        } else if (option == "--ico"_L1) {
            writeFile(value, icoOf(svg));
        } else if (option == "--icns"_L1) {
            writeFile(value, icnsOf(svg));
        } else {
            fail(u"unknown option '%1'"_s.arg(option));
        }
    }
    return 0;
}
