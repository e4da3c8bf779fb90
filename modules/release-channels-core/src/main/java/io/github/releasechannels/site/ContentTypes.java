// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.site;

/** The fixed Content-Type of each kind of site file, never guessed from the operating system. */
public final class ContentTypes {

    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String YAML = "application/yaml; charset=utf-8";
    public static final String JSON = "application/json; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";

    private ContentTypes() {}
}
