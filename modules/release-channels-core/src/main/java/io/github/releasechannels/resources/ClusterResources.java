// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.resources;

import io.github.releasechannels.agent.BaseUrl;
import io.github.releasechannels.model.Channel;
import io.github.releasechannels.model.ChannelsConfig;
import io.github.releasechannels.model.Cluster;
import io.github.releasechannels.model.ManagedUpdates;
import io.github.releasechannels.model.ManagedUpdates.Group;
import io.github.releasechannels.model.Source;
import io.github.releasechannels.site.ContentTypes;
import io.github.releasechannels.site.JsonText;
import io.github.releasechannels.site.SiteFile;
import io.github.releasechannels.site.SiteLayout;
import io.github.releasechannels.site.SiteRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Renders the cluster configuration that goes beside the site, not onto it: the Managed Updates v2 resources
 * {@code autoupdate_config} and {@code autoupdate_version} for {@code tctl create} and as the Teleport operator's
 * custom resources, and the Proxy's {@code automatic_upgrades_channels} snippet. Only the configuration, its source
 * and the settings decide the bytes.
 *
 * <p>Every string is written double-quoted, so no value (a version, a group named {@code on}) is read as a YAML
 * number or boolean; durations are protobuf JSON seconds ({@code 7200s}), which {@code tctl} requires.
 */
public final class ClusterResources {

    /** The singleton names Teleport gives the two resources. */
    public static final String CONFIG_NAME = "autoupdate-config";

    public static final String VERSION_NAME = "autoupdate-version";

    public static final String CONFIG_FILE = "autoupdate_config.yaml";
    public static final String VERSION_FILE = "autoupdate_version.yaml";
    public static final String KUBERNETES_CONFIG_FILE = "kubernetes/autoupdate-config.yaml";
    public static final String KUBERNETES_VERSION_FILE = "kubernetes/autoupdate-version.yaml";
    public static final String PROXY_CHANNELS_FILE = "teleport-proxy-channels.yaml";
    /** A named cluster's own v1 maintenance window, in its directory. */
    public static final String CMC_FILE = SiteLayout.CMC_FILE;
    /** Always written: says what the directory holds, and marks it as this plugin's to replace. */
    public static final String INDEX_FILE = "README.txt";

    public static final String OPERATOR_API_VERSION = "resources.teleport.dev/v1";

    /** How a rendered resource is applied: {@code -f} ({@code --force}) replaces the one the cluster holds. */
    static String tctlCreate(String file) {
        return "tctl create -f " + file;
    }

    private ClusterResources() {}

    /**
     * The files of the resources directory, sorted by path.
     *
     * @param baseUrl where agents read the site: with it, the Proxy snippet forwards each channel there
     */
    public static List<SiteFile> render(
            ChannelsConfig config, Source source, Optional<BaseUrl> baseUrl, KubernetesNames kubernetes) {
        List<SiteFile> files = new ArrayList<>();
        config.managedUpdates().ifPresent(updates -> files.addAll(rollout("", updates, source, kubernetes)));
        for (Cluster cluster : config.clusters()) {
            String directory = cluster.name() + "/";
            files.addAll(rollout(directory, cluster.managedUpdates(), source, kubernetes));
            cluster.maintenance()
                    .ifPresent(window ->
                            files.add(yaml(directory + CMC_FILE, SiteRenderer.clusterMaintenanceConfig(window, true))));
        }
        baseUrl.ifPresent(url -> files.add(yaml(PROXY_CHANNELS_FILE, proxyChannels(config, source, url))));
        files.add(SiteFile.text(INDEX_FILE, index(config, source, files), ContentTypes.TEXT));
        return files.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList();
    }

    /**
     * The resources of one rollout.
     *
     * @param directory where they go: empty for the top-level section, {@code <cluster>/} for a named cluster
     */
    private static List<SiteFile> rollout(
            String directory, ManagedUpdates updates, Source source, KubernetesNames kubernetes) {
        String configSpec = configSpec(updates);
        String versionSpec = versionSpec(updates);
        String apply = directory.isEmpty() ? "" : " (in " + directory + ")";
        return List.of(
                yaml(
                        directory + CONFIG_FILE,
                        header(source, "Apply it with: " + tctlCreate(CONFIG_FILE) + apply)
                                + "kind: autoupdate_config\nversion: v1\nmetadata:\n  name: " + CONFIG_NAME + "\n"
                                + configSpec),
                yaml(
                        directory + VERSION_FILE,
                        header(source, "Apply it with: " + tctlCreate(VERSION_FILE) + apply)
                                + "kind: autoupdate_version\nversion: v1\nmetadata:\n  name: " + VERSION_NAME + "\n"
                                + versionSpec),
                yaml(
                        directory + KUBERNETES_CONFIG_FILE,
                        header(
                                        source,
                                        "Apply it with the Teleport operator: "
                                                + "kubectl apply -f autoupdate-config.yaml, or through Argo CD or Flux")
                                + customResource("TeleportAutoupdateConfigV1", kubernetes.configName(), kubernetes)
                                + configSpec),
                yaml(
                        directory + KUBERNETES_VERSION_FILE,
                        header(
                                        source,
                                        "Apply it with the Teleport operator: "
                                                + "kubectl apply -f autoupdate-version.yaml, or through Argo CD or Flux")
                                + customResource("TeleportAutoupdateVersionV1", kubernetes.versionName(), kubernetes)
                                + versionSpec));
    }

    private static SiteFile yaml(String path, String content) {
        return SiteFile.text(path, content, ContentTypes.YAML);
    }

    static String configSpec(ManagedUpdates updates) {
        StringBuilder yaml = new StringBuilder("spec:\n  agents:\n")
                .append("    mode: ")
                .append(quote(updates.mode().word()))
                .append('\n')
                .append("    strategy: ")
                .append(quote(updates.strategy().word()))
                .append('\n');
        updates.maintenanceWindow()
                .ifPresent(window -> yaml.append("    maintenance_window_duration: ")
                        .append(quote(protobufDuration(window)))
                        .append('\n'));
        if (!updates.groups().isEmpty()) {
            yaml.append("    schedules:\n      regular:\n");
            for (Group group : updates.groups()) {
                yaml.append("        - name: ")
                        .append(quote(group.name()))
                        .append('\n')
                        .append("          days: [")
                        .append(
                                group.days().isEmpty()
                                        ? quote("*")
                                        : group.days().stream()
                                                .map(day -> quote(Group.shortDay(day)))
                                                .collect(Collectors.joining(", ")))
                        .append("]\n")
                        .append("          start_hour: ")
                        .append(group.startHour())
                        .append('\n');
                // Zero is protobuf's default: left out, so a Teleport that predates a field still accepts the file.
                if (group.waitHours() > 0) {
                    yaml.append("          wait_hours: ")
                            .append(group.waitHours())
                            .append('\n');
                }
                if (group.canaryCount() > 0) {
                    yaml.append("          canary_count: ")
                            .append(group.canaryCount())
                            .append('\n');
                }
            }
        }
        updates.tools()
                .ifPresent(tools -> yaml.append("  tools:\n    mode: ")
                        .append(quote(tools.mode().word()))
                        .append('\n'));
        return yaml.toString();
    }

    static String versionSpec(ManagedUpdates updates) {
        StringBuilder yaml = new StringBuilder("spec:\n  agents:\n")
                .append("    start_version: ")
                .append(quote(updates.startVersion().toString()))
                .append('\n')
                .append("    target_version: ")
                .append(quote(updates.targetVersion().version().toString()))
                .append(updates.targetVersion()
                        .followedChannel()
                        .map(c -> "  # channel " + c)
                        .orElse(""))
                .append('\n')
                .append("    schedule: ")
                .append(quote(updates.schedule().word()))
                .append('\n')
                .append("    mode: ")
                .append(quote(updates.mode().word()))
                .append('\n');
        updates.tools()
                .ifPresent(tools -> yaml.append("  tools:\n    target_version: ")
                        .append(quote(tools.targetVersion().version().toString()))
                        .append(tools.targetVersion()
                                .followedChannel()
                                .map(c -> "  # channel " + c)
                                .orElse(""))
                        .append('\n'));
        return yaml.toString();
    }

    private static String customResource(String kind, String name, KubernetesNames kubernetes) {
        return "apiVersion: " + OPERATOR_API_VERSION + "\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n"
                + kubernetes.namespace().map(ns -> "  namespace: " + ns + "\n").orElse("");
    }

    private static String proxyChannels(ChannelsConfig config, Source source, BaseUrl baseUrl) {
        StringBuilder yaml = new StringBuilder(
                        header(source, "Merge it into the Proxy's teleport.yaml and restart the " + "Proxy."))
                .append("# The Proxy forwards each channel to this version server. It ignores these channels once\n")
                .append("# autoupdate_version has agents (spec.agents): then it answers every channel from the\n")
                .append("# rollout, a channel named like a group getting that group's version, any other the last\n")
                .append("# group's.\n")
                .append("proxy_service:\n  automatic_upgrades_channels:\n");
        for (Channel channel : config.channels()) {
            yaml.append("    ")
                    .append(quote(channel.name()))
                    .append(":\n      forward_url: ")
                    .append(quote(baseUrl.resolve(channel.name()).toString()))
                    .append('\n');
        }
        return yaml.toString();
    }

    /** @param apply how to apply the file, a sentence */
    private static String header(Source source, String apply) {
        return "# Generated by release-channels-maven-plugin from " + oneLine(source.file()) + " at "
                + source.commit()
                        .map(commit ->
                                "commit " + commit + (source.uncommittedChanges() ? " with uncommitted changes" : ""))
                        .orElse("no git commit (the file was read outside a git repository)")
                + ";\n# edit that file, not this. " + apply + "\n";
    }

    private static String index(ChannelsConfig config, Source source, List<SiteFile> files) {
        StringBuilder text = new StringBuilder("Cluster configuration rendered by release-channels-maven-plugin "
                + "from " + oneLine(source.file())
                + source.commit().map(c -> " at commit " + c).orElse("") + ".\n"
                + "It is not published to the version server.\n\n");
        config.managedUpdates().ifPresent(updates -> {
            text.append("Managed Updates v2 rollout:\n");
            updates.describe().forEach(line -> text.append("  ").append(line).append('\n'));
            text.append("\nApply to the cluster:\n  ")
                    .append(tctlCreate(CONFIG_FILE))
                    .append("\n  ")
                    .append(tctlCreate(VERSION_FILE))
                    .append("\nor with the Teleport operator: kubectl apply -f kubernetes/\n");
        });
        for (Cluster cluster : config.clusters()) {
            text.append("Cluster ")
                    .append(cluster.name())
                    .append(", in ")
                    .append(cluster.name())
                    .append("/, its Managed Updates v2 rollout:\n");
            cluster.managedUpdates()
                    .describe()
                    .forEach(line -> text.append("  ").append(line).append('\n'));
            text.append("Apply to that cluster, from ")
                    .append(cluster.name())
                    .append("/:\n  ")
                    .append(tctlCreate(CONFIG_FILE))
                    .append("\n  ")
                    .append(tctlCreate(VERSION_FILE))
                    .append(cluster.maintenance()
                            .map(window -> "\n  tctl create -f " + CMC_FILE)
                            .orElse(""))
                    .append("\nor with the Teleport operator: kubectl apply -f ")
                    .append(cluster.name())
                    .append("/kubernetes/\n\n");
        }
        if (config.rollouts().isEmpty()) {
            text.append("channels.yaml declares no managed_updates section: there are no Managed Updates v2 "
                    + "resources to apply.\n");
        }
        if (files.stream().anyMatch(file -> file.path().equals(PROXY_CHANNELS_FILE))) {
            text.append("\n")
                    .append(PROXY_CHANNELS_FILE)
                    .append(": the Proxy's automatic_upgrades_channels, "
                            + "forwarding each channel to the version server.\n");
        }
        return text.toString();
    }

    /** Protobuf JSON's form of a duration: whole seconds and {@code s}. */
    static String protobufDuration(Duration duration) {
        return duration.toSeconds() + "s";
    }

    /**
     * A YAML double-quoted scalar (a JSON string): never read as a number, boolean or null. DEL and the characters
     * YAML 1.1 takes for line breaks (NEL, LS, PS), which JSON leaves as they are, are escaped too.
     */
    static String quote(String value) {
        String json = JsonText.quote(value);
        StringBuilder out = new StringBuilder(json.length());
        json.codePoints().forEach(c -> {
            if (c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** A file name in a comment: its line breaks could end the comment. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
    }
}
