// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a CDN may keep serving an old {@code version} or {@code critical} for long after a publish: agents poll
 * about every 30 minutes, so a cache time above a few minutes delays every rollout and every rollback.
 */
final class CacheAdvice {

    /** Longer than this, a cached answer is worth a warning. */
    static final Duration LIMIT = Duration.ofMinutes(5);

    private static final Pattern DIRECTIVE = Pattern.compile("\\s*([a-z-]+)\\s*(?:=\\s*\"?([0-9]+)\"?)?\\s*");

    private CacheAdvice() {}

    /**
     * Warnings for the response of {@code path}; none when caches keep it at most {@link #LIMIT}.
     *
     * @param whereSet where the target's Cache-Control is set, for the advice
     */
    static List<String> warnings(String path, Optional<String> cacheControl, Optional<String> age, String whereSet) {
        List<String> warnings = new ArrayList<>();
        Optional<Long> seconds = cacheControl.isEmpty() ? Optional.empty() : cacheSeconds(cacheControl.get());
        if (cacheControl.isEmpty() || seconds.isEmpty()) {
            warnings.add(path + " has "
                    + cacheControl
                            .map(value -> "Cache-Control '" + value + "' without max-age")
                            .orElse("no Cache-Control")
                    + ": a CDN may keep it for its default time (CloudFront: 24 h); "
                    + "serve it with a short one such as 'max-age=60': " + whereSet);
        } else if (seconds.get() > LIMIT.toSeconds()) {
            warnings.add(path + " has Cache-Control '" + cacheControl.get() + "': caches may serve an old answer "
                    + "for up to " + describe(seconds.get()) + " after a publish; use at most 'max-age="
                    + LIMIT.toSeconds() + "': " + whereSet);
        }
        age.flatMap(CacheAdvice::number)
                .filter(value -> value > LIMIT.toSeconds())
                .ifPresent(value -> warnings.add(
                        path + " came from a cache that has held it for " + describe(value) + " (Age: " + value + ")"));
        return warnings;
    }

    /**
     * How long a shared cache may serve the answer without asking the origin: 0 for {@code no-cache},
     * {@code no-store} and {@code private}; {@code s-maxage} (else {@code max-age}) plus
     * {@code stale-while-revalidate}; empty when no lifetime is given and a cache would pick its own.
     */
    static Optional<Long> cacheSeconds(String cacheControl) {
        Long maxAge = null;
        Long sharedMaxAge = null;
        long stale = 0;
        for (String part : cacheControl.toLowerCase(Locale.ROOT).split(",", -1)) {
            Matcher matcher = DIRECTIVE.matcher(part);
            if (!matcher.matches()) {
                continue;
            }
            String name = matcher.group(1);
            Long value =
                    matcher.group(2) == null ? null : number(matcher.group(2)).orElse(Long.MAX_VALUE);
            switch (name) {
                case "no-cache", "no-store", "private" -> {
                    return Optional.of(0L);
                }
                case "max-age" -> maxAge = value;
                case "s-maxage" -> sharedMaxAge = value;
                case "stale-while-revalidate" -> stale = value == null ? 0 : value;
                default -> {}
            }
        }
        Long lifetime = sharedMaxAge != null ? sharedMaxAge : maxAge;
        return lifetime == null ? Optional.empty() : Optional.of(saturatedAdd(lifetime, stale));
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String describe(long seconds) {
        if (seconds >= 3600) {
            return seconds / 3600 + " h" + (seconds % 3600 >= 60 ? " " + seconds % 3600 / 60 + " min" : "");
        }
        return seconds >= 60
                ? seconds / 60 + " min" + (seconds % 60 > 0 ? " " + seconds % 60 + " s" : "")
                : seconds + " s";
    }
}
