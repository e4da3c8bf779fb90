// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The CI system whose own formats the reports are written in. */
public enum CiSystem {
    GITHUB,
    GITLAB,
    NONE;

    /** The property that forces or disables the detection. */
    public static final String PROPERTY = "releaseChannels.ci";

    /**
     * {@code setting} ({@code github}, {@code gitlab}, {@code none}) when given, else detected as the runners
     * announce themselves: {@code GITHUB_ACTIONS=true}, {@code GITLAB_CI=true}.
     *
     * @throws IllegalArgumentException for any other setting, saying what is allowed
     */
    public static CiSystem resolve(Optional<String> setting, Map<String, String> environment) {
        Optional<String> chosen = setting.map(String::trim).filter(value -> !value.isEmpty());
        if (chosen.isPresent()) {
            String value = chosen.get().toLowerCase(Locale.ROOT);
            for (CiSystem system : values()) {
                if (system.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return system;
                }
            }
            throw new IllegalArgumentException(PROPERTY + " is '" + chosen.get() + "'; use github, gitlab or none, "
                    + "or leave it unset to detect the CI from GITHUB_ACTIONS and GITLAB_CI");
        }
        if ("true".equals(environment.get("GITHUB_ACTIONS"))) {
            return GITHUB;
        }
        if ("true".equals(environment.get("GITLAB_CI"))) {
            return GITLAB;
        }
        return NONE;
    }
}
