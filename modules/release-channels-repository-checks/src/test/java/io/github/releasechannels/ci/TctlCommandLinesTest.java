// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.config.ChannelsFileParser;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.resources.ClusterResources;
import io.github.releasechannels.resources.KubernetesNames;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteRenderer;
import io.github.releasechannels.testing.RealServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code tctl} command line the project writes, wherever a user copies it from (README, docs, the sample
 * repository's templates and comments, the action, the rendered resources, the status page and {@code cmc.yaml}),
 * read as tctl reads it by {@link TctlStandIn}: each must parse, give no flag twice (tctl repeats any flag silently,
 * so {@code -f --force} parses but says one thing twice) and name the file it creates from.
 */
@RealServer
class TctlCommandLinesTest {

    private static final Path ROOT = Path.of("../..");
    /** Where a command starts: after an opening code delimiter, a prompt or list marker, or ": ", "&& ", "; ". */
    private static final Pattern TCTL = Pattern.compile("(?<![\\w/.-])tctl(?![\\w:-])");

    private static final Pattern LINE_START = Pattern.compile("[ \\t]*(?:[$>-][ \\t]+|#[ \\t]*)?");

    /** One command line and where it was found. */
    record CommandLine(String where, String text) {}

    @Test
    void everyTctlCommandLineTheProjectWritesParsesAsTctlParsesIt() throws Exception {
        List<CommandLine> lines = collect();
        List<String> refused = new ArrayList<>();
        for (CommandLine line : lines) {
            problem(line.text())
                    .ifPresent(problem -> refused.add(line.where() + ": tctl " + line.text() + ": " + problem));
        }
        assertEquals(List.of(), refused);
        // The collector must find what is known to be there, or an empty collection would pass.
        List<String> texts = lines.stream().map(CommandLine::text).toList();
        for (String expected : List.of(
                "create -f target/release-channels-resources/autoupdate_config.yaml",
                "create -f \"$RESOURCES/autoupdate_version.yaml\"",
                "create -f autoupdate_config.yaml",
                "create -f autoupdate_version.yaml",
                "create cmc.yaml",
                "get cluster_maintenance_config",
                "bots add release-channels --roles=autoupdate-editor")) {
            assertTrue(texts.contains(expected), "not collected: tctl " + expected + " in " + texts);
        }
        for (String source : List.of(
                "sample-repo/.gitlab-ci.yml",
                "sample-repo/.github/workflows/release-channels.yml",
                "rendered README.txt",
                "rendered autoupdate_config.yaml",
                "rendered index.html",
                "rendered cmc.yaml",
                "docs/getting-started.md",
                "README.md")) {
            assertTrue(lines.stream().anyMatch(line -> line.where().startsWith(source)), "nothing from " + source);
        }
    }

    /**
     * The check can fail: the old apply line, a misspelled flag and a create of standard input are each caught; the
     * command named alone, as prose does, is not a command line.
     */
    @Test
    void theCheckRefusesARepeatedFlagAnUnknownFlagAndACreateWithoutAFile() {
        assertEquals(
                Optional.of("--force given twice (-f is --force)"),
                problem("create -f --force autoupdate_config.yaml"));
        assertEquals(Optional.of("unknown long flag '--forse'"), problem("create --forse autoupdate_config.yaml"));
        assertEquals(Optional.of("create names no file: tctl would read standard input"), problem("create -f"));
        assertEquals(Optional.empty(), problem("create -f autoupdate_config.yaml"));
        assertEquals(Optional.empty(), problem("create"));
    }

    @Test
    void theCollectorFindsCommandsInCodeAndLeavesProse() {
        List<CommandLine> found = new ArrayList<>();
        String text = """
                Apply it with `tctl create -f a.yaml && tctl create -f b.yaml`, see `tctl`.
                # Apply it to the cluster with: tctl create cmc.yaml
                The tctl to install; tsh/tctl managed updates; points tctl at the cluster.
                    tctl get cluster_maintenance_config       # what the cluster holds now
                  - tctl create -f "$resources/autoupdate_config.yaml"
                <code>tctl create <a href="cmc.yaml">cmc.yaml</a></code> and 'tctl get roles'
                """;
        extract("x", text, found);
        assertEquals(
                List.of(
                        "create -f a.yaml",
                        "create -f b.yaml",
                        "create cmc.yaml",
                        "get cluster_maintenance_config",
                        "create -f \"$resources/autoupdate_config.yaml\"",
                        "create cmc.yaml",
                        "get roles"),
                found.stream().map(CommandLine::text).toList());
    }

    /** Why tctl refuses the command line, or why the project should not write it; empty when it is fine. */
    private static Optional<String> problem(String text) {
        TctlStandIn.Invocation invocation;
        try {
            invocation = TctlStandIn.parse(ShellScript.words(text), Map.of(), ROOT);
        } catch (TctlStandIn.Refused e) {
            return Optional.of(e.getMessage());
        }
        List<String> flags = invocation.flags();
        for (String flag : flags) {
            if (flags.indexOf(flag) != flags.lastIndexOf(flag)) {
                return Optional.of("--" + flag + " given twice" + (flag.equals("force") ? " (-f is --force)" : ""));
            }
        }
        // "`tctl create` does" names the command; "tctl create -f" with no file would read standard input.
        if (invocation.command().equals(List.of("create"))
                && !invocation.args().containsKey("filename")
                && !invocation.flags().isEmpty()) {
            return Optional.of("create names no file: tctl would read standard input");
        }
        return Optional.empty();
    }

    private static List<CommandLine> collect() throws Exception {
        List<CommandLine> lines = new ArrayList<>();
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("action.yml")));
        for (String directory : List.of("docs", "sample-repo")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(directory))) {
                walk.filter(Files::isRegularFile)
                        .filter(file ->
                                !ROOT.resolve(directory).relativize(file).startsWith("target"))
                        .filter(file -> file.getFileName().toString().matches(".*\\.(md|ya?ml|json|txt)"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        for (Path file : files) {
            extract(ROOT.relativize(file).toString().replace('\\', '/'), Files.readString(file), lines);
        }
        // What the plugin renders: the resources beside the site, the status page and cmc.yaml on it.
        byte[] example = Files.readAllBytes(ROOT.resolve("sample-repo/examples/channels-v1-and-v2.yaml"));
        ChannelsConfig config =
                new ChannelsFileParser().read(example, "channels.yaml").config();
        Source source = new Source(
                "channels.yaml", Optional.of("0123456789abcdef0123456789abcdef01234567"), Optional.empty(), false);
        Optional<BaseUrl> baseUrl = Optional.of(BaseUrl.parse("https://updates.example.com/teleport", false));
        List<SiteFile> rendered =
                new ArrayList<>(ClusterResources.render(config, source, baseUrl, KubernetesNames.DEFAULT));
        rendered.addAll(new SiteRenderer().render(config, source, baseUrl, true).files());
        for (SiteFile file : rendered) {
            String text = new String(file.content(), StandardCharsets.UTF_8);
            extract(
                    "rendered " + Path.of(file.path()).getFileName(),
                    file.path().endsWith(".html")
                            ? text.replace("&lt;", "<")
                                    .replace("&gt;", ">")
                                    .replace("&quot;", "\"")
                                    .replace("&amp;", "&")
                            : text,
                    lines);
        }
        return lines;
    }

    /** Adds the tctl command lines of {@code text}: each in code or after a prompt, never a mention in prose. */
    static void extract(String where, String text, List<CommandLine> lines) {
        Matcher matcher = TCTL.matcher(text);
        while (matcher.find()) {
            int start = matcher.start();
            String before = text.substring(text.lastIndexOf('\n', start - 1) + 1, start);
            int lineEnd = text.indexOf('\n', start);
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            boolean opened = before.endsWith("`") || before.endsWith("'") || before.endsWith("<code>");
            if (!opened
                    && !LINE_START.matcher(before).matches()
                    && !before.endsWith(": ")
                    && !before.endsWith("&& ")
                    && !before.endsWith("; ")) {
                continue; // prose: "the tctl to install"
            }
            // The command ends where the code around it ends: a backtick, a quote, </code>, else the line.
            int end;
            boolean html = false;
            if (before.chars().filter(c -> c == '`').count() % 2 == 1) {
                end = text.indexOf('`', matcher.end());
            } else if (before.lastIndexOf("<code>") > before.lastIndexOf("</code>")) {
                end = text.indexOf("</code>", matcher.end());
                html = true;
            } else if (before.endsWith("'")) {
                end = text.indexOf('\'', matcher.end());
            } else {
                end = commentStart(text, matcher.end(), lineEnd);
            }
            if (end < 0) {
                continue;
            }
            String code = text.substring(matcher.end(), end);
            String command =
                    firstCommand(html ? code.replaceAll("<[^>]*>", "") : code).trim();
            if (!command.isEmpty()) {
                int line = (int) text.substring(0, start)
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                lines.add(new CommandLine(where + ":" + line, command));
            }
        }
    }

    /** Where a shell comment starts on the line (outside quotes), else the line's end. */
    private static int commentStart(String text, int from, int lineEnd) {
        char quote = 0;
        for (int i = from; i < lineEnd; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && Character.isWhitespace(text.charAt(i - 1))) {
                return i;
            }
        }
        return lineEnd;
    }

    /** The command up to a {@code &&}, {@code ||}, {@code ;} or {@code |} outside quotes. */
    private static String firstCommand(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ';' || c == '|' || c == '&') {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
