#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstdint>

namespace Switchyard::Usage {

/// A distribution of positive values (milliseconds, tokens per second) in
/// logarithmic buckets, each 5% wider than the one before, from 0.1 to about
/// 10 million. Percentiles read from it are within 2.5% of the exact value,
/// which is far finer than the noise of network latency, and two histograms
/// add up by adding their counts — so the daily roll-ups of the usage database
/// can hold one per model and day, and a year of p95s is a merge of a few
/// thousand of them instead of a sort of a million rows.
class Histogram final
{
public:
    static constexpr int BucketCount = 380;

    void add(double value, std::uint32_t times = 1);
    void merge(const Histogram &other);
    /// Adds a histogram in its stored form; bytes that are not one are ignored.
    void merge(QByteArrayView stored);

    [[nodiscard]] std::uint64_t count() const { return m_count; }
    [[nodiscard]] bool isEmpty() const { return m_count == 0; }
    /// The value below which the fraction q (0..1) of the values lie: the
    /// geometric middle of the bucket that holds it. -1 when empty.
    [[nodiscard]] double quantile(double q) const;

    /// Sparse: (bucket, count) pairs for the buckets in use, little-endian.
    [[nodiscard]] QByteArray toBytes() const;
    [[nodiscard]] static Histogram fromBytes(QByteArrayView stored);

    [[nodiscard]] static int bucketOf(double value);
    [[nodiscard]] static double lowerBound(int bucket);

private:
    std::array<std::uint32_t, BucketCount> m_buckets{};
    std::uint64_t m_count = 0;
};

} // namespace Switchyard::Usage
