// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What every goal reads, as a front end resolved it.
 *
 * @param file                the channels file, absolute or relative to {@code projectDirectory}
 * @param ref                 the git ref to read it from; empty for the working tree
 * @param projectDirectory    the project's directory (without a pom, where the run started)
 * @param reportDirectory     where {@code release-channels-report.json} and the CI's reports go
 * @param ci                  the CI whose formats the reports use, as given; empty: detected from the environment
 * @param baseUrl             where agents read the channels, as given; empty when not set
 * @param trustedCertificates a PEM file of CA certificates trusted in addition to the JDK's
 * @param allowHttp           plain {@code http://} for a loopback base URL
 */
public record RunSettings(
        Path file,
        Optional<String> ref,
        Path projectDirectory,
        Path reportDirectory,
        Optional<String> ci,
        Optional<String> baseUrl,
        Optional<Path> trustedCertificates,
        boolean allowHttp) {

    /** Blank text counts as unset; a ref is trimmed. */
    public RunSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(projectDirectory, "projectDirectory");
        Objects.requireNonNull(reportDirectory, "reportDirectory");
        ref = ref.map(String::trim).filter(r -> !r.isEmpty());
        ci = ci.filter(c -> !c.isBlank());
        baseUrl = baseUrl.filter(url -> !url.isBlank());
    }
}
