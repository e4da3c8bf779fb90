// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.workflow;

import java.util.Arrays;
import java.util.stream.Collectors;

/** docs/goals.md's parameter table, generated from {@link Options#ALL}. */
public final class OptionsTable {

    private OptionsTable() {}

    private static final String HEADER = """
            | property | type | default | goals | meaning |
            |---|---|---|---|---|
            """;

    /** The table in Markdown, one row per option, each line ending with a newline. */
    public static String markdown() {
        StringBuilder table = new StringBuilder(HEADER);
        for (Option option : Options.ALL) {
            table.append("| `")
                    .append(option.name())
                    .append("` | ")
                    .append(option.type().word())
                    .append(" | ")
                    .append(defaultText(option))
                    .append(" | ")
                    .append(goals(option))
                    .append(" | ")
                    .append(option.documentation())
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String defaultText(Option option) {
        if (option.defaultValue().isPresent()) {
            return "`" + option.defaultValue().get() + "`";
        }
        return option.unset().isEmpty() ? "—" : "unset: " + option.unset();
    }

    private static String goals(Option option) {
        if (option.goals().size() == Goal.values().length) {
            return "all";
        }
        return Arrays.stream(Goal.values())
                .filter(option::appliesTo)
                .map(Goal::id)
                .collect(Collectors.joining(", "));
    }
}
