#include "usage/histogram.h"

#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace Switchyard::Usage {

namespace {

constexpr double Smallest = 0.1;
constexpr double Growth = 1.05;
const double LogGrowth = std::log(Growth);

// One stored pair: bucket (uint16) and count (uint32).
constexpr qsizetype PairSize = 6;

} // namespace

int Histogram::bucketOf(double value)
{
    if (!(value > Smallest)) // also NaN
        return 0;
    const int bucket = int(std::log(value / Smallest) / LogGrowth);
    return std::clamp(bucket, 0, BucketCount - 1);
}

double Histogram::lowerBound(int bucket)
{
    return Smallest * std::pow(Growth, bucket);
}

void Histogram::add(double value, std::uint32_t times)
{
    if (value < 0 || times == 0)
        return;
    m_buckets[std::size_t(bucketOf(value))] += times;
    m_count += times;
}

void Histogram::merge(const Histogram &other)
{
    for (std::size_t i = 0; i < m_buckets.size(); ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
}

void Histogram::merge(QByteArrayView stored)
{
    if (stored.size() % PairSize != 0)
        return;
    const auto *bytes = reinterpret_cast<const uchar *>(stored.data());
    for (qsizetype at = 0; at < stored.size(); at += PairSize) {
        const quint16 bucket = qFromLittleEndian<quint16>(bytes + at);
        const quint32 count = qFromLittleEndian<quint32>(bytes + at + 2);
        if (bucket >= BucketCount)
            continue;
        m_buckets[bucket] += count;
        m_count += count;
    }
}

double Histogram::quantile(double q) const
{
    if (m_count == 0)
        return -1;
    // The rank of the wanted value, 1-based, as in the nearest-rank method.
    const auto rank = std::max<std::uint64_t>(1, std::uint64_t(std::ceil(std::clamp(q, 0.0, 1.0) * double(m_count))));
    std::uint64_t seen = 0;
    for (int i = 0; i < BucketCount; ++i) {
        seen += m_buckets[std::size_t(i)];
        if (seen >= rank)
            return i == 0 ? lowerBound(1) / 2 : std::sqrt(lowerBound(i) * lowerBound(i + 1));
    }
    return lowerBound(BucketCount);
}

QByteArray Histogram::toBytes() const
{
    // Sized once and written in place: this runs six times for every call
    // the usage log records (three histograms, a day's and a month's).
    qsizetype used = 0;
    for (const std::uint32_t count : m_buckets)
        used += count != 0;
    QByteArray out(used * PairSize, Qt::Uninitialized);
    auto *at = reinterpret_cast<uchar *>(out.data());
    for (int i = 0; i < BucketCount; ++i) {
        if (const quint32 count = m_buckets[std::size_t(i)]) {
            qToLittleEndian<quint16>(quint16(i), at);
            qToLittleEndian<quint32>(count, at + 2);
            at += PairSize;
        }
    }
    return out;
}

Histogram Histogram::fromBytes(QByteArrayView stored)
{
    Histogram histogram;
    histogram.merge(stored);
    return histogram;
}

} // namespace Switchyard::Usage
