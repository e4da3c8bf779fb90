// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.model;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version {@code MAJOR.MINOR.PATCH[-PRERELEASE]} as Teleport's updaters accept it.
 *
 * <p>Build metadata ({@code +...}) is not part of this type: the Kubernetes updater uses the version as a
 * container image tag, where {@code +} is not allowed.
 */
public final class Version implements Comparable<Version> {

    private static final String NUMBER = "(0|[1-9][0-9]*)";
    private static final String PRERELEASE_ID = "(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final Pattern SEMVER = Pattern.compile("v?" + NUMBER + "\\." + NUMBER + "\\." + NUMBER + "(?:-("
            + PRERELEASE_ID + "(?:\\." + PRERELEASE_ID + ")*))?");
    /** Container image tags are at most 128 characters. */
    public static final int MAX_LENGTH = 128;

    private final BigInteger major;
    private final BigInteger minor;
    private final BigInteger patch;
    private final String preRelease;

    private Version(BigInteger major, BigInteger minor, BigInteger patch, String preRelease) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
    }

    /**
     * Parses {@code text}, accepting an optional leading {@code v}; empty when it is not a semantic version
     * without build metadata.
     */
    public static Optional<Version> parse(String text) {
        // Bounded before matching so a huge value cannot make the pattern backtrack for long.
        if (text == null || text.length() > MAX_LENGTH + 1) {
            return Optional.empty();
        }
        Matcher matcher = SEMVER.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Version(
                new BigInteger(matcher.group(1)),
                new BigInteger(matcher.group(2)),
                new BigInteger(matcher.group(3)),
                matcher.group(4)));
    }

    /** The major number, as {@code within: major} compares it. */
    public BigInteger major() {
        return major;
    }

    /** The minor number, as {@code within: minor} compares it. */
    public BigInteger minor() {
        return minor;
    }

    /** The prerelease part after {@code -}, if any. */
    public Optional<String> preRelease() {
        return Optional.ofNullable(preRelease);
    }

    /** The form written to a channel's {@code version} file: no leading {@code v}. */
    @Override
    public String toString() {
        String core = major + "." + minor + "." + patch;
        return preRelease == null ? core : core + "-" + preRelease;
    }

    /** Semantic-versioning precedence (semver.org, item 11). */
    @Override
    public int compareTo(Version other) {
        int result = major.compareTo(other.major);
        if (result == 0) {
            result = minor.compareTo(other.minor);
        }
        if (result == 0) {
            result = patch.compareTo(other.patch);
        }
        if (result != 0) {
            return result;
        }
        if (preRelease == null || other.preRelease == null) {
            // A release ranks above any of its prereleases.
            return preRelease == null ? (other.preRelease == null ? 0 : 1) : -1;
        }
        return comparePreRelease(preRelease, other.preRelease);
    }

    private static int comparePreRelease(String left, String right) {
        String[] leftIds = left.split("\\.", -1);
        String[] rightIds = right.split("\\.", -1);
        for (int i = 0; i < Math.min(leftIds.length, rightIds.length); i++) {
            int result = compareIdentifier(leftIds[i], rightIds[i]);
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(leftIds.length, rightIds.length);
    }

    private static int compareIdentifier(String left, String right) {
        boolean leftNumeric = left.chars().allMatch(Character::isDigit);
        boolean rightNumeric = right.chars().allMatch(Character::isDigit);
        if (leftNumeric && rightNumeric) {
            return new BigInteger(left).compareTo(new BigInteger(right));
        }
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? -1 : 1; // numeric identifiers rank lower
        }
        return left.compareTo(right);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}
