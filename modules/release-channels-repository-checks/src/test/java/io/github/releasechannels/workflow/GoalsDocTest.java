// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/goals.md's parameter table is the one {@link OptionsTable} generates from the registry. With
 * {@code -DreleaseChannels.docs.write=true} the test writes it instead of failing.
 */
class GoalsDocTest {

    static final Path GOALS_DOC = Path.of("../../docs/goals.md");
    static final String BEGIN = "<!-- parameters: generated from io.github.releasechannels.workflow.Options -->\n";
    static final String END = "<!-- end of the generated parameters -->\n";
    static final String REGENERATE =
            "./mvnw -B test -pl modules/release-channels-repository-checks -am -Dtest=GoalsDocTest "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -DreleaseChannels.docs.write=true";

    @Test
    void theParameterTableIsGeneratedFromTheRegistry() throws Exception {
        String doc = Files.readString(GOALS_DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertTrue(
                begin >= 0 && end > begin,
                "docs/goals.md has no generated parameter table between '" + BEGIN.strip() + "' and '" + END.strip()
                        + "'");
        String expected = doc.substring(0, begin + BEGIN.length()) + OptionsTable.markdown() + doc.substring(end);
        if (expected.equals(doc)) {
            return;
        }
        if (Boolean.getBoolean("releaseChannels.docs.write")) {
            Files.writeString(GOALS_DOC, expected, StandardCharsets.UTF_8);
            return;
        }
        String table = doc.substring(begin + BEGIN.length(), end);
        String missing = Options.ALL.stream()
                .map(Option::name)
                .filter(name -> !table.contains("`" + name + "`"))
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
        fail("docs/goals.md's parameter table differs from the registry (io.github.releasechannels.workflow.Options)"
                + "; missing: " + missing + ". Change the option in Options, not the table, and regenerate it "
                + "with: " + REGENERATE);
    }

    @Test
    void everyOptionHasARowNamingItsTypeDefaultAndGoals() {
        String table = OptionsTable.markdown();
        assertEquals(Options.ALL.size() + 2, table.lines().count());
        assertTrue(table.contains("| `releaseChannels.timeoutSeconds` | whole number | `30` | deploy | "), table);
        assertTrue(table.contains("| `releaseChannels.file` | path | `${basedir}/channels.yaml` | all | "), table);
        assertTrue(
                table.contains("| `releaseChannels.target` | text | `${project.distributionManagement.site.url}` "
                        + "| check, deploy, verify | "),
                table);
        assertTrue(
                table.contains("| `releaseChannels.knownHosts` | path | unset: `~/.ssh/known_hosts` | deploy |"),
                table);
    }
}
