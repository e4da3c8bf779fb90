// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** "Did you mean" hints for misspelled keys. */
final class Suggestions {

    private Suggestions() {}

    /** The known word closest to {@code typed}, if it is close enough to be a likely typo. */
    static Optional<String> closest(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(java.util.Locale.ROOT);
        int allowed = Math.max(2, lower.length() / 3);
        return known.stream()
                .filter(word -> distance(lower, word) <= allowed)
                .min(Comparator.comparingInt((String word) -> distance(lower, word))
                        .thenComparing(word -> word));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
