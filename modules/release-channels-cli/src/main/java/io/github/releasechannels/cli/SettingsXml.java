// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.publish.Credentials;
import io.github.releasechannels.publish.PublishLog;
import io.github.releasechannels.workflow.ServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * settings.xml {@code <servers>} without Maven: plain values and {@code ${env.NAME}} as Maven interpolates them. A
 * value encrypted with {@code mvn --encrypt-password} is refused (its decryption is Maven's), naming the server, never
 * the value. Read when deploy first asks, at most 1 MiB, with no DTD or external entity.
 */
final class SettingsXmlServers implements ServerCredentials {

    private static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern ENV = Pattern.compile("\\$\\{env\\.([A-Za-z_][A-Za-z0-9_]*)}");
    /** Maven's form of an encrypted value: {@code {base64}}, possibly with text around it. */
    private static final Pattern ENCRYPTED = Pattern.compile("\\{[A-Za-z0-9+/=]{8,}}");

    private final Path file;
    private final boolean required;
    private final Map<String, String> environment;
    private final PublishLog log;
    private Document document;

    /**
     * @param required whether a missing file is a problem (given with {@code --settings}) or means no servers (the
     *                 default {@code ~/.m2/settings.xml})
     */
    SettingsXmlServers(Path file, boolean required, Map<String, String> environment, PublishLog log) {
        this.file = file;
        this.required = required;
        this.environment = environment;
        this.log = log;
    }

    @Override
    public Optional<Credentials> of(String id) throws UserProblemException {
        Optional<Element> server = document().flatMap(d -> server(d, id));
        if (server.isEmpty()) {
            log.info("No <server> with id '" + id + "' in " + file + "; the target's own credential sources are "
                    + "used.");
            return Optional.empty();
        }
        String source = "settings.xml server '" + id + "'";
        return Optional.of(new Credentials(
                value(server.get(), "username", source),
                value(server.get(), "password", source),
                value(server.get(), "privateKey", source).map(Path::of),
                value(server.get(), "passphrase", source),
                source));
    }

    private Optional<Document> document() throws UserProblemException {
        if (document != null) {
            return Optional.of(document);
        }
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new UserProblemException("The settings file " + file + " does not exist or is not a regular "
                        + "file; check --settings.");
            }
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new UserProblemException(
                        "The settings file " + file + " is larger than 1 MiB; is it the " + "right file?");
            }
            document = builder()
                    .parse(new ByteArrayInputStream(bytes), file.toUri().toString());
            return Optional.of(document);
        } catch (SAXParseException e) {
            throw new UserProblemException(
                    file + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + "not a valid settings file: "
                            + e.getMessage() + "; fix the XML.",
                    e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new UserProblemException(file + ": not a valid settings file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserProblemException("Cannot read the settings file " + file + ": " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder;
    }

    private static Optional<Element> server(Document document, String id) {
        for (Element servers : children(document.getDocumentElement(), "servers")) {
            for (Element server : children(servers, "server")) {
                if (children(server, "id").stream()
                        .anyMatch(e -> e.getTextContent().trim().equals(id))) {
                    return Optional.of(server);
                }
            }
        }
        return Optional.empty();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private Optional<String> value(Element server, String name, String source) throws UserProblemException {
        Optional<String> raw = children(server, name).stream()
                .findFirst()
                .map(e -> e.getTextContent().trim())
                .filter(v -> !v.isEmpty());
        if (raw.isEmpty()) {
            return raw;
        }
        if (ENCRYPTED.matcher(raw.get()).find()) {
            throw new UserProblemException("The " + name + " of " + source + " in " + file + " is encrypted (mvn "
                    + "--encrypt-password), which only Maven decrypts: write ${env.NAME} there and set the "
                    + "variable, or run the Maven goal.");
        }
        Matcher matcher = ENV.matcher(raw.get());
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String variable = environment.get(matcher.group(1));
            if (variable == null) {
                throw new UserProblemException("The " + name + " of " + source + " in " + file + " names the "
                        + "environment variable " + matcher.group(1) + ", which is not set; set it or change the "
                        + "server.");
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(variable));
        }
        matcher.appendTail(expanded);
        return Optional.of(expanded.toString()).filter(v -> !v.isEmpty());
    }
}
