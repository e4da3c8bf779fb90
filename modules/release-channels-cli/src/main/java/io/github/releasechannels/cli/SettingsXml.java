// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.cli;

import io.github.releasechannels.failure.UserProblemException;
import io.github.releasechannels.proxy.ProxyServer;
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
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;
import org.sonatype.plexus.components.sec.dispatcher.SecDispatcherException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A Maven settings file without Maven: its {@code <servers>} and active {@code <proxies>}, with {@code ${env.NAME}}
 * expanded and passwords encrypted with {@code mvn --encrypt-password} decrypted as Maven 3 does (plexus-sec-dispatcher,
 * the master password in {@code ~/.m2/settings-security.xml} or where {@code -Dsettings.security} points). A value
 * that cannot be decrypted fails the run naming its server or proxy, never the value. Read when a goal first asks, at
 * most 1 MiB, with no DTD or external entity.
 */
final class SettingsXml implements ServerCredentials {

    private static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern ENV = Pattern.compile("\\$\\{env\\.([A-Za-z_][A-Za-z0-9_]*)}");

    private final Path file;
    private final boolean required;
    private final Map<String, String> environment;
    private final PublishLog log;
    private final Path securitySettings;
    private Document document;

    /**
     * @param required whether a missing file is a problem (given with {@code --settings}) or means no servers (the
     *                 default {@code ~/.m2/settings.xml})
     * @param securitySettings the settings-security.xml holding the master password, as Maven's default
     */
    SettingsXml(Path file, boolean required, Map<String, String> environment, PublishLog log, Path securitySettings) {
        this.file = file;
        this.required = required;
        this.environment = environment;
        this.log = log;
        this.securitySettings = securitySettings;
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
                secret(server.get(), "password", source),
                value(server.get(), "privateKey", source).map(Path::of),
                secret(server.get(), "passphrase", source),
                source));
    }

    /**
     * The active proxies for http and https, in file order, their passwords decrypted; none when the file does not
     * exist (and was not given).
     */
    List<ProxyServer> proxies() throws UserProblemException {
        Optional<Document> settings = document();
        List<ProxyServer> proxies = new ArrayList<>();
        if (settings.isEmpty()) {
            return proxies;
        }
        for (Element list : children(settings.get().getDocumentElement(), "proxies")) {
            for (Element proxy : children(list, "proxy")) {
                Optional<String> id = value(proxy, "id", "a settings.xml proxy");
                String source = "settings.xml proxy '" + id.orElse("default") + "'";
                Optional<String> protocol = value(proxy, "protocol", source);
                if (!value(proxy, "active", source).orElse("true").equals("true")
                        || !ProxyServer.servesHttp(protocol.orElse(null))) {
                    continue;
                }
                Optional<String> host = value(proxy, "host", source);
                String port = value(proxy, "port", source).orElse("8080");
                if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
                    throw new UserProblemException("The " + source + " in " + file + " needs a <host> and a <port> "
                            + "from 1 to 65535 (it has "
                            + host.map(h -> "host " + h).orElse("no host") + ", port '"
                            + port + "'); fix the proxy or set <active>false</active>.");
                }
                proxies.add(ProxyServer.fromSettings(
                        id.orElse(null),
                        protocol.orElse(null),
                        host.get(),
                        Integer.parseInt(port),
                        value(proxy, "username", source).orElse(null),
                        secret(proxy, "password", source).orElse(null),
                        value(proxy, "nonProxyHosts", source).orElse(null)));
            }
        }
        return proxies;
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

    private Optional<String> value(Element parent, String name, String source) throws UserProblemException {
        Optional<String> raw = children(parent, name).stream()
                .findFirst()
                .map(e -> e.getTextContent().trim())
                .filter(v -> !v.isEmpty());
        if (raw.isEmpty()) {
            return raw;
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

    /** A value Maven would decrypt: {@code {…}} is decrypted with the master password, anything else is as written. */
    private Optional<String> secret(Element parent, String name, String source) throws UserProblemException {
        Optional<String> value = value(parent, name, source);
        if (value.isEmpty()) {
            return value;
        }
        // The dispatcher returns a value that is not {…} unchanged, as Maven's decrypter does.
        DefaultSecDispatcher dispatcher =
                new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), securitySettings.toString());
        try {
            return Optional.of(dispatcher.decrypt(value.get())).filter(v -> !v.isEmpty());
        } catch (SecDispatcherException | RuntimeException e) {
            // The library's message names no value; its cause is left out all the same, as it may quote one.
            throw new UserProblemException("Cannot decrypt the " + name + " of " + source + " in " + file + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). It is encrypted with mvn "
                    + "--encrypt-password: check the master password in " + securitySettings + " (or "
                    + "-Dsettings.security) and the encrypted value, or write ${env.NAME} there instead.");
        }
    }
}
