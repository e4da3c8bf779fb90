// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

/** What an option's value is, as the docs name it and as Maven's parameter field holds it. */
public enum OptionType {
    TEXT("text", "java.lang.String"),
    PATH("path", "java.io.File"),
    FLAG("`true`/`false`", "boolean"),
    /** A flag whose absence means something of its own. */
    OPTIONAL_FLAG("`true`/`false`", "java.lang.Boolean"),
    NUMBER("whole number", "int"),
    /**
     * A target option: held as text by the Mojo so that {@code TargetOptions} checks it with the other target
     * options and names every wrong one at once (a number field would fail alone in Maven's converter).
     */
    TARGET_NUMBER("whole number", "java.lang.String"),
    /** A target option read as text, for the same reason as {@link #TARGET_NUMBER}. */
    TARGET_FLAG("`true`/`false`", "java.lang.String");

    private final String word;
    private final String mavenType;

    OptionType(String word, String mavenType) {
        this.word = word;
        this.mavenType = mavenType;
    }

    /** How the docs name it. */
    public String word() {
        return word;
    }

    /** The Java type of the Mojo field bound to it, as Maven's plugin descriptor names it. */
    public String mavenType() {
        return mavenType;
    }
}
