// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Option;
import io.github.releasechannels.workflow.Options;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Each registry option a goal takes is an option of its subcommand, and no other. */
class OptionsBindingTest {

    @Test
    void everyOptionOfAGoalIsAnOptionOfItsSubcommand() {
        Map<String, CommandLine> goals = ReleaseChannelsCli.commandLine().getSubcommands();
        assertEquals(Goal.values().length, goals.size());
        for (Goal goal : Goal.values()) {
            CommandSpec spec = goals.get(goal.id()).getCommandSpec();
            for (Option option : Options.ALL) {
                String name = ReleaseChannelsCli.longName(option);
                if (option.appliesTo(goal)) {
                    assertNotNull(spec.findOption(name), goal.id() + " lacks " + name + " for " + option.name());
                } else {
                    assertNull(spec.findOption(name), goal.id() + " takes " + name + ", which is not its option");
                }
            }
        }
    }

    @Test
    void longNamesAreTheKeysInKebabCase() {
        assertEquals(
                "--base-url",
                ReleaseChannelsCli.longName(Options.named(Options.BASE_URL).orElseThrow()));
        assertEquals(
                "--s3-region",
                ReleaseChannelsCli.longName(Options.named(Options.S3_REGION).orElseThrow()));
        assertEquals(
                "--s3-request-checksums",
                ReleaseChannelsCli.longName(
                        Options.named(Options.S3_REQUEST_CHECKSUMS).orElseThrow()));
        assertEquals(
                "--target",
                ReleaseChannelsCli.longName(Options.named(Options.TARGET).orElseThrow()));
    }
}
