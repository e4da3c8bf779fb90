// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.releasechannels.workflow.Goal;
import io.github.releasechannels.workflow.Option;
import io.github.releasechannels.workflow.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Mojos' parameters as Maven sees them (the plugin descriptor built from their annotations) agree with the
 * registry of options: every property in both, for the same goals, with the same default and type.
 */
class OptionsAgreementTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");

    /** A parameter of one goal as the descriptor declares it. */
    record Declared(String goal, String property, String type, Optional<String> defaultValue) {}

    static List<Declared> declared(Path descriptor) throws Exception {
        Element plugin = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(descriptor.toFile())
                .getDocumentElement();
        List<Declared> declared = new ArrayList<>();
        NodeList mojos = plugin.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            String goal = mojo.getElementsByTagName("goal").item(0).getTextContent();
            NodeList configurations = mojo.getElementsByTagName("configuration");
            if (goal.equals("help") || configurations.getLength() == 0) {
                continue;
            }
            for (Node node = configurations.item(0).getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element parameter
                        && parameter.getTextContent().startsWith("${" + Options.PREFIX)) {
                    String text = parameter.getTextContent();
                    declared.add(new Declared(
                            goal,
                            text.substring(2, text.length() - 1),
                            parameter.getAttribute("implementation"),
                            Optional.of(parameter.getAttribute("default-value")).filter(v -> !v.isEmpty())));
                }
            }
        }
        return declared;
    }

    @Test
    void everyMojoParameterIsTheRegistrysOptionWithItsGoalsDefaultAndType() throws Exception {
        assertTrue(Files.isRegularFile(DESCRIPTOR), "the plugin descriptor is built before the tests");
        List<Declared> declared = declared(DESCRIPTOR);
        List<String> disagreements = new ArrayList<>();
        for (Declared parameter : declared) {
            Optional<Option> option = Options.named(parameter.property());
            if (option.isEmpty()) {
                disagreements.add(parameter.goal() + ": " + parameter.property() + " is not in Options.ALL");
                continue;
            }
            Goal goal = Goal.valueOf(parameter.goal().toUpperCase(java.util.Locale.ROOT));
            if (!option.get().appliesTo(goal)) {
                disagreements.add(parameter.goal() + ": " + parameter.property() + " is a parameter, but Options "
                        + "lists it for " + option.get().goals());
            }
            if (!option.get().defaultValue().equals(parameter.defaultValue())) {
                disagreements.add(
                        parameter.goal() + ": " + parameter.property() + " defaults to " + parameter.defaultValue()
                                + ", Options says " + option.get().defaultValue());
            }
            if (!option.get().type().mavenType().equals(parameter.type())) {
                disagreements.add(parameter.goal() + ": " + parameter.property() + " is a " + parameter.type()
                        + ", Options says " + option.get().type() + " ("
                        + option.get().type().mavenType() + ")");
            }
        }
        Map<String, List<String>> goalsByProperty = new LinkedHashMap<>();
        declared.forEach(p -> goalsByProperty
                .computeIfAbsent(p.property(), k -> new ArrayList<>())
                .add(p.goal()));
        for (Option option : Options.ALL) {
            for (Goal goal : option.goals()) {
                if (!goalsByProperty.getOrDefault(option.name(), List.of()).contains(goal.id())) {
                    disagreements.add(goal.id() + ": Options lists " + option.name() + ", but the goal has no such "
                            + "parameter");
                }
            }
        }
        assertEquals(List.of(), disagreements);
    }

    @Test
    void theRegistryDeclaresEachOptionOnce() {
        assertEquals(
                Options.ALL.size(),
                Options.ALL.stream().map(Option::name).distinct().count());
        assertTrue(Options.ALL.size() >= 35, "every parameter of today's goals: " + Options.ALL.size());
        assertTrue(
                Arrays.stream(Goal.values()).allMatch(g -> Options.ALL.stream().anyMatch(o -> o.appliesTo(g))));
    }
}
