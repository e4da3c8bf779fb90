// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.renovate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * sample-repo/renovate.json's regex, read from the file and applied as Renovate would (Java's regex is close to RE2
 * for the constructs the preset uses; the constructs RE2 lacks are refused here), to the sample and edge cases.
 */
class RenovatePresetTest {

    private static final Path PRESET = Path.of("../../sample-repo/renovate.json");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> preset() throws Exception {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(PRESET));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manager() throws Exception {
        List<Object> managers = (List<Object>) preset().get("customManagers");
        assertEquals(1, managers.size());
        return (Map<String, Object>) managers.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Pattern pattern() throws Exception {
        List<String> matchStrings = (List<String>) manager().get("matchStrings");
        assertEquals(1, matchStrings.size());
        return Pattern.compile(matchStrings.get(0));
    }

    /** Channel name → version, as Renovate would extract them. */
    private static Map<String, String> extract(String yaml) throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher matcher = pattern().matcher(yaml);
        while (matcher.find()) {
            found.put(matcher.group("depName"), matcher.group("currentValue"));
        }
        return found;
    }

    /** What Renovate writes for a bump: the matched version replaced, everything else as it was. */
    private static String bump(String yaml, String channel, String version) throws Exception {
        Matcher matcher = pattern().matcher(yaml);
        while (matcher.find()) {
            if (matcher.group("depName").equals(channel)) {
                return yaml.substring(0, matcher.start("currentValue"))
                        + version
                        + yaml.substring(matcher.end("currentValue"));
            }
        }
        throw new AssertionError("no channel " + channel);
    }

    @Test
    void theSampleChannelsAreFound() throws Exception {
        assertEquals(
                Map.of("current", "14.2.1", "canary", "14.3.0", "stable/v14", "14.3.0"),
                extract(Files.readString(Path.of("../../sample-repo/channels.yaml"))));
    }

    @Test
    void aBumpKeepsTheSchemaCommentTheVPrefixAndEveryOtherLine() throws Exception {
        String sample = Files.readString(Path.of("../../sample-repo/channels.yaml"));
        String bumped = bump(bump(sample, "current", "14.2.2"), "canary", "14.3.1");
        assertEquals(
                sample.replace("version: 14.2.1", "version: 14.2.2").replace("version: v14.3.0", "version: v14.3.1"),
                bumped);
        assertTrue(bumped.startsWith("# yaml-language-server: $schema="));
    }

    @Test
    void quotedVersionsCommentsAndKeysBeforeTheVersion() throws Exception {
        String yaml = """
                channels:
                  a:
                    version: "14.2.1"
                  b:   # a comment on the channel
                    # a comment line
                    critical: true
                    allow_downgrade: false
                    version: 'v15.0.0-rc.1'   # trailing comment
                  c:
                    version: 14.2
                """;
        assertEquals(Map.of("a", "14.2.1", "b", "15.0.0-rc.1"), extract(yaml));
    }

    @Test
    void otherKeysAreNotVersions() throws Exception {
        assertTrue(extract("maintenance:\n  utc_start_hour: 2\n  weekdays: [Mon]\n")
                .isEmpty());
        assertTrue(extract("channels:\n  # version: 1.2.3\n  x:\n    critical: true\n")
                .isEmpty());
    }

    @Test
    void teleportReleasesGroupedAndStableV14PinnedTo14() throws Exception {
        Map<String, Object> manager = manager();
        assertEquals("github-releases", manager.get("datasourceTemplate"));
        assertEquals("gravitational/teleport", manager.get("packageNameTemplate"));
        String rules = preset().get("packageRules").toString();
        assertTrue(rules.contains("groupName=Teleport release channels"), rules);
        assertTrue(rules.contains("matchDepNames=[stable/v14], allowedVersions=<15.0.0"), rules);
    }

    /** Channel name → depType ("" when none), as Renovate would extract them. */
    private static Map<String, String> depTypes(String yaml) throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        Matcher matcher = pattern().matcher(yaml);
        while (matcher.find()) {
            found.put(matcher.group("depName"), matcher.group("depType") == null ? "" : matcher.group("depType"));
        }
        return found;
    }

    /**
     * Only sources are Renovate's: a stage (a channel with 'promote') is captured as depType 'promote', which the
     * preset disables, or not at all when 'promote' comes before its version; a held source is still found.
     */
    @Test
    void onlySourcesAreMovedStagesAreLeftToThePromoteJob() throws Exception {
        String yaml = """
                channels:
                  canary:
                    hold: "arm64 crash, INC-4711"
                    version: 17.3.0   # moved by Renovate
                    critical: false
                  current:
                    version: 17.2.1
                    # soaks two days in canary
                    promote:
                      from: canary
                      after: 48h
                  stable/v17:
                    version: 17.2.1
                    promote: {from: current, after: 7d}
                  early:
                    promote: {from: canary, after: 1h}
                    version: 17.3.0
                  edge:
                    version: 17.4.0-rc.1
                """;
        assertEquals(Map.of("canary", "", "current", "promote", "stable/v17", "promote", "edge", ""), depTypes(yaml));
        String rules = preset().get("packageRules").toString();
        assertTrue(rules.contains("matchManagers=[custom.regex], matchDepTypes=[promote], enabled=false"), rules);
        // A bump of the source leaves the stages byte for byte.
        assertEquals(yaml.replace("version: 17.3.0   #", "version: 17.3.1   #"), bump(yaml, "canary", "17.3.1"));
    }

    @Test
    void aTeleportReleaseIsProposedOnlyOnceItIsThreeDaysOld() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> teleport = ((List<Map<String, Object>>) preset().get("packageRules"))
                .stream()
                        .filter(rule -> List.of("gravitational/teleport").equals(rule.get("matchPackageNames")))
                        .findFirst()
                        .orElseThrow();
        assertEquals("3 days", teleport.get("minimumReleaseAge"));
        // strict: no branch at all before the age is reached, rather than a pull request with a pending check.
        assertEquals("strict", preset().get("internalChecksFilter"));
    }

    @Test
    void theRegexUsesNothingRe2Lacks() throws Exception {
        String regex = pattern().pattern();
        for (String construct : List.of("(?=", "(?!", "(?<=", "(?<!", "(?>", "*+", "++", "?+", "\\1", "\\k<")) {
            assertFalse(regex.contains(construct), "RE2 has no " + construct + ": " + regex);
        }
    }
}
