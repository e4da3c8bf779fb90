// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The target options as given (by name without the {@code releaseChannels.} prefix, e.g. {@code s3.region}) while
 * {@link TargetOptions#parse} turns them into typed settings: each kind reads its own names here and adds what is
 * wrong with them, and every problem is reported at once.
 */
public final class OptionReader {

    /** The namespace of every parameter; messages name options with it. */
    public static final String PREFIX = "releaseChannels.";

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();
    private String firstBadValue;

    OptionReader(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** The option's value, trimmed; empty when it is not set or blank. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** {@code true} or {@code false} in any case; {@code fallback} when unset, and a problem for anything else. */
    public boolean bool(String name, boolean fallback) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().equalsIgnoreCase("false") || value.get().equalsIgnoreCase("true")) {
            return Boolean.parseBoolean(value.get());
        }
        problem(value.get(), PREFIX + name + " '" + value.get() + "' is not true or false");
        return fallback;
    }

    /**
     * The option as a whole number from {@code min} to {@code max}; {@code fallback} when unset, and the problem
     * {@code describe} words for the value given when it is anything else.
     */
    public long wholeNumber(String name, long min, long max, long fallback, UnaryOperator<String> describe) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        problem(value.get(), PREFIX + name + " '" + value.get() + "' " + describe.apply(value.get()));
        return fallback;
    }

    /**
     * Records what is wrong with an option: {@code message} names the parameter and says how to fix it; neither
     * it nor {@code badValue} may hold a secret.
     */
    public void problem(String badValue, String message) {
        if (firstBadValue == null) {
            firstBadValue = badValue;
        }
        problems.add(message);
    }

    /** @throws InvalidTargetException listing every problem recorded, when there is one */
    void throwIfAny() throws InvalidTargetException {
        if (problems.size() == 1) {
            throw new InvalidTargetException(firstBadValue, problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new InvalidTargetException(
                    firstBadValue,
                    problems.size() + " target options are wrong:\n  - " + String.join("\n  - ", problems)
                            + "\nNothing was published.");
        }
    }
}
