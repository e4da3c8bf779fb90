// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.resources;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a rendered resource the way {@code tctl create} does (docs of the v2 contract: YAML 1.1 to JSON, routed by
 * {@code kind}, protojson with unknown fields rejected), then applies Teleport's validation of
 * {@code autoupdate_config} and {@code autoupdate_version}. Written from the contract, independently of the
 * plugin's parser, so the two can disagree. Returns every refusal; an accepted resource returns none.
 */
public final class TctlReader {

    /** What a field holds, as protojson reads it. */
    private sealed interface Field permits Message, Repeated, Scalar {}

    private record Message(Map<String, Field> fields) implements Field {}

    private record Repeated(Field item) implements Field {}

    private enum Scalar implements Field {
        STRING,
        INT,
        DURATION
    }

    private static final Pattern PROTO_DURATION = Pattern.compile("-?[0-9]+(\\.[0-9]{1,9})?s");
    /** coreos/go-semver: MAJOR.MINOR.PATCH[-pre][+build], no leading v. */
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

    private static final Set<String> DAYS = Set.of(
            "sun",
            "mon",
            "tue",
            "wed",
            "thu",
            "fri",
            "sat",
            "sunday",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday");

    private static final Message METADATA =
            message(Map.of("name", Scalar.STRING, "namespace", Scalar.STRING, "description", Scalar.STRING));
    private static final Message GROUP = message(Map.of(
            "name",
            Scalar.STRING,
            "days",
            new Repeated(Scalar.STRING),
            "start_hour",
            Scalar.INT,
            "wait_hours",
            Scalar.INT,
            "canary_count",
            Scalar.INT));
    static final Message CONFIG_SPEC = message(Map.of(
            "tools", message(Map.of("mode", Scalar.STRING)),
            "agents",
                    message(Map.of(
                            "mode",
                            Scalar.STRING,
                            "strategy",
                            Scalar.STRING,
                            "maintenance_window_duration",
                            Scalar.DURATION,
                            "schedules",
                            message(Map.of("regular", new Repeated(GROUP)))))));
    static final Message VERSION_SPEC = message(Map.of(
            "tools", message(Map.of("target_version", Scalar.STRING)),
            "agents",
                    message(Map.of(
                            "start_version",
                            Scalar.STRING,
                            "target_version",
                            Scalar.STRING,
                            "schedule",
                            Scalar.STRING,
                            "mode",
                            Scalar.STRING))));

    private final List<String> refusals = new ArrayList<>();

    private TctlReader() {}

    /** {@code tctl create -f FILE}: the refusals of a resource of {@code kind} autoupdate_config or _version. */
    public static List<String> tctlCreate(String yaml) {
        TctlReader reader = new TctlReader();
        Map<String, Object> root = reader.load(yaml);
        if (root == null) {
            return reader.refusals;
        }
        Object kind = root.get("kind");
        Message spec = "autoupdate_config".equals(kind)
                ? CONFIG_SPEC
                : "autoupdate_version".equals(kind) ? VERSION_SPEC : null;
        if (spec == null) {
            reader.refusals.add("unsupported resource kind " + kind);
            return reader.refusals;
        }
        Map<String, Field> top = new LinkedHashMap<>();
        top.put("kind", Scalar.STRING);
        top.put("version", Scalar.STRING);
        top.put("sub_kind", Scalar.STRING);
        top.put("metadata", METADATA);
        top.put("spec", spec);
        reader.check(root, new Message(top), "");
        reader.validate(root);
        return reader.refusals;
    }

    /** The operator's custom resource: apiVersion, kind, metadata, and a spec protojson reads like the resource's. */
    static List<String> operatorResource(String yaml, String expectedKind) {
        TctlReader reader = new TctlReader();
        Map<String, Object> root = reader.load(yaml);
        if (root == null) {
            return reader.refusals;
        }
        if (!"resources.teleport.dev/v1".equals(root.get("apiVersion")) || !expectedKind.equals(root.get("kind"))) {
            reader.refusals.add("not a resources.teleport.dev/v1 " + expectedKind + ": " + root.get("apiVersion") + " "
                    + root.get("kind"));
        }
        Message spec = expectedKind.equals("TeleportAutoupdateConfigV1") ? CONFIG_SPEC : VERSION_SPEC;
        reader.check(
                root,
                message(Map.of("apiVersion", Scalar.STRING, "kind", Scalar.STRING, "metadata", METADATA, "spec", spec)),
                "");
        Map<String, Object> asResource = new LinkedHashMap<>(root);
        asResource.put("kind", spec == CONFIG_SPEC ? "autoupdate_config" : "autoupdate_version");
        reader.validate(asResource);
        return reader.refusals;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> load(String yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(root instanceof Map<?, ?>)) {
            refusals.add("not a mapping");
            return null;
        }
        return (Map<String, Object>) root;
    }

    private void check(Object value, Field field, String path) {
        if (field instanceof Message message) {
            if (!(value instanceof Map<?, ?> map)) {
                refusals.add(path + ": expected an object, got " + describe(value));
                return;
            }
            map.forEach((key, item) -> {
                Field known = message.fields().get(String.valueOf(key));
                if (known == null) {
                    refusals.add("unknown field \"" + key + "\" in " + (path.isEmpty() ? "the resource" : path));
                } else {
                    check(item, known, path.isEmpty() ? String.valueOf(key) : path + "." + key);
                }
            });
        } else if (field instanceof Repeated repeated) {
            if (!(value instanceof List<?> list)) {
                refusals.add(path + ": expected a list, got " + describe(value));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), repeated.item(), path + "[" + i + "]");
            }
        } else {
            Scalar scalar = (Scalar) field;
            boolean ok = switch (scalar) {
                case STRING -> value instanceof String;
                // protojson takes an int64 as a number or a quoted number.
                case INT ->
                    value instanceof Integer
                            || value instanceof Long
                            || value instanceof BigInteger
                            || value instanceof String s && s.matches("-?[0-9]+");
                case DURATION ->
                    value instanceof String s && PROTO_DURATION.matcher(s).matches();
            };
            if (!ok) {
                refusals.add(path + ": invalid "
                        + (scalar == Scalar.DURATION
                                ? "google.protobuf.Duration"
                                : scalar.name().toLowerCase()) + " " + describe(value));
            }
        }
    }

    /**
     * Teleport's ValidateAutoUpdateConfig / ValidateAutoUpdateVersion and the service's group limits. The resources are
     * per-cluster singletons: {@code tctl} fills in a missing or empty name, and Teleport refuses any other than the
     * singleton's; the operator copies its custom resource's name, so there too the name must be the singleton's.
     */
    @SuppressWarnings("unchecked")
    private void validate(Map<String, Object> root) {
        if (!refusals.isEmpty()) {
            return;
        }
        String singleton = "autoupdate_config".equals(root.get("kind")) ? "autoupdate-config" : "autoupdate-version";
        Object name = root.get("metadata") instanceof Map<?, ?> metadata ? metadata.get("name") : null;
        if (name != null && !"".equals(name) && !singleton.equals(name)) {
            refusals.add("metadata.name " + name + " is not " + singleton + ", the only name of this singleton");
        }
        if (!(root.get("spec") instanceof Map<?, ?> spec)) {
            refusals.add("Spec is nil");
            return;
        }
        Map<String, Object> agents = (Map<String, Object>) spec.get("agents");
        Map<String, Object> tools = (Map<String, Object>) spec.get("tools");
        if ("autoupdate_config".equals(root.get("kind"))) {
            if (tools != null && !Set.of("enabled", "disabled").contains(tools.get("mode"))) {
                refusals.add("unsupported tools mode " + tools.get("mode"));
            }
            if (agents != null) {
                validateAgentsConfig(agents);
            }
        } else {
            if (tools != null && !isVersion(tools.get("target_version"))) {
                refusals.add("tools target_version " + tools.get("target_version") + " is not a version");
            }
            if (agents != null) {
                for (String key : List.of("start_version", "target_version")) {
                    if (!isVersion(agents.get(key))) {
                        refusals.add(key + " " + agents.get(key) + " is not a version");
                    }
                }
                if (!Set.of("regular", "immediate").contains(agents.get("schedule"))) {
                    refusals.add("unsupported schedule " + agents.get("schedule"));
                }
                if (!Set.of("enabled", "disabled", "suspended").contains(agents.get("mode"))) {
                    refusals.add("unsupported agents mode " + agents.get("mode"));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void validateAgentsConfig(Map<String, Object> agents) {
        if (!Set.of("enabled", "disabled", "suspended").contains(agents.get("mode"))) {
            refusals.add("unsupported agents mode " + agents.get("mode"));
        }
        Object strategy = agents.get("strategy");
        if (!Set.of("halt-on-error", "time-based").contains(strategy)) {
            refusals.add("unsupported agents strategy " + strategy);
            return;
        }
        boolean timeBased = strategy.equals("time-based");
        long window = agents.get("maintenance_window_duration") instanceof String d
                ? Long.parseLong(d.substring(0, d.indexOf(d.contains(".") ? '.' : 's')))
                : 0;
        if (timeBased && window < 600) {
            refusals.add("maintenance_window_duration must be at least 10m under time-based");
        }
        if (!timeBased && window != 0) {
            refusals.add("maintenance_window_duration must be 0 under halt-on-error");
        }
        List<Map<String, Object>> groups = agents.get("schedules") instanceof Map<?, ?> schedules
                        && schedules.get("regular") instanceof List<?> regular
                ? (List<Map<String, Object>>) regular
                : List.of();
        if (groups.size() > (timeBased ? 20 : 10)) {
            refusals.add("too many groups: " + groups.size());
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            Map<String, Object> group = groups.get(i);
            Object name = group.get("name");
            if (!(name instanceof String s) || s.isEmpty() || !names.add(s)) {
                refusals.add("group name " + name + " is empty or not unique");
            }
            List<Object> days = group.get("days") instanceof List<?> list ? (List<Object>) list : List.of();
            if (days.isEmpty()) {
                refusals.add("group " + name + " has no days");
            } else if (days.contains("*")
                    ? days.size() > 1
                    : !days.stream().allMatch(d -> d instanceof String s && DAYS.contains(s.toLowerCase()))
                            || days.stream()
                                            .map(d -> String.valueOf(d)
                                                    .toLowerCase()
                                                    .substring(0, 3))
                                            .distinct()
                                            .count()
                                    != days.size()) {
                refusals.add("group " + name + " has invalid days " + days);
            }
            long hour = number(group.get("start_hour"));
            long wait = number(group.get("wait_hours"));
            long canaries = number(group.get("canary_count"));
            if (hour < 0 || hour > 23) {
                refusals.add("group " + name + " start_hour " + hour + " out of range");
            }
            if (wait < 0 || (timeBased && wait != 0) || (!timeBased && i == 0 && wait != 0)) {
                refusals.add("group " + name + " wait_hours " + wait + " not allowed");
            }
            if (canaries < 0 || canaries > 5 || (timeBased && canaries != 0)) {
                refusals.add("group " + name + " canary_count " + canaries + " not allowed");
            }
        }
    }

    private static long number(Object value) {
        return value == null ? 0 : Long.parseLong(String.valueOf(value));
    }

    private static boolean isVersion(Object value) {
        return value instanceof String s && SEMVER.matcher(s).matches();
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    private static Message message(Map<String, Field> fields) {
        return new Message(fields);
    }
}
