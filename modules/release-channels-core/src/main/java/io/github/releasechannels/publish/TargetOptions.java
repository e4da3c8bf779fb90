// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every target option, typed and checked once before any target is opened. A directory takes only the common
 * options; each other kind owns its names, defaults and checks beside its publisher ({@link OptionsKind}).
 *
 * @param common the options every target takes
 * @param kinds  each kind's own options by their type, for every publisher on the class path
 */
public record TargetOptions(CommonOptions common, Map<Class<?>, Object> kinds) {

    public TargetOptions {
        kinds = Map.copyOf(kinds);
    }

    /** Every option at its default. */
    public static TargetOptions defaults() {
        try {
            return parse(Map.of());
        } catch (InvalidTargetException e) {
            throw new IllegalStateException("A default target option is invalid", e);
        }
    }

    /**
     * @param values option values by name without the {@code releaseChannels.} prefix, e.g. {@code s3.region};
     *               blank values count as unset
     * @throws InvalidTargetException naming each wrong option's parameter and how to fix it, all at once
     */
    public static TargetOptions parse(Map<String, String> values) throws InvalidTargetException {
        return parse(values, Publishers.standard().factories());
    }

    /** The options of {@code factories}' kinds; a kind two publishers share (SSH) is read once. */
    static TargetOptions parse(Map<String, String> values, Collection<PublisherFactory> factories)
            throws InvalidTargetException {
        OptionReader reader = new OptionReader(values);
        CommonOptions common = CommonOptions.parse(reader);
        Map<Class<?>, Object> kinds = new LinkedHashMap<>();
        for (PublisherFactory factory : factories) {
            for (OptionsKind<?> kind : factory.options()) {
                if (!kinds.containsKey(kind.type())) {
                    kinds.put(kind.type(), kind.reader().apply(reader));
                }
            }
        }
        reader.throwIfAny();
        return new TargetOptions(common, kinds);
    }

    /** The options of one kind, e.g. {@code of(S3Options.class)}. */
    public <T> T of(Class<T> type) {
        Object options = kinds.get(type);
        if (options == null) {
            throw new IllegalStateException("No publisher on the class path reads " + type.getName());
        }
        return type.cast(options);
    }
}
