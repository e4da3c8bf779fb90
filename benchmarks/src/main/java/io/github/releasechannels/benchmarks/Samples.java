// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Measured durations of one series, in milliseconds, in the order they were taken. */
final class Samples {

    private final List<Double> millis = new ArrayList<>();

    void addNanos(long nanos) {
        millis.add(nanos / 1_000_000.0);
    }

    boolean isEmpty() {
        return millis.isEmpty();
    }

    double median() {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = millis.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Every sample, for the report's raw data. */
    String list() {
        return millis.stream().map(Samples::millis).collect(Collectors.joining(", "));
    }

    static String millis(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** {@code ours / theirs}: below 1 means ours is faster. */
    static double ratio(Samples ours, Samples theirs) {
        return ours.median() / theirs.median();
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }
}
