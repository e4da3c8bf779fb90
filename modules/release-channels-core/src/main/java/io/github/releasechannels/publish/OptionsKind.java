// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.util.function.Function;

/**
 * One kind of target's own options ({@code s3.*}, {@code git.*}, {@code knownHosts}): their type and how they are
 * read. The kind's publisher names it ({@link PublisherFactory#options()}), so its names, defaults and checks live
 * with that publisher, and {@link TargetOptions#parse} reads it with every other option.
 *
 * @param type   the typed options, e.g. {@code S3Options}
 * @param reader reads them, adding what is wrong to the reader's problems
 */
public record OptionsKind<T>(Class<T> type, Function<OptionReader, T> reader) {}
