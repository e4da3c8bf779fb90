// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.report;

import io.github.releasechannels.verify.ChannelResult;
import io.github.releasechannels.verify.VerifyReport;

/**
 * Verify's result as JUnit XML, one test case per channel (and {@code cmc.yaml}), for a CI's test view (GitLab's
 * {@code artifacts:reports:junit}): drift and missing are failures, a channel that cannot be read an error.
 */
public final class JUnitReport {

    private JUnitReport() {}

    public static String xml(VerifyReport report) {
        long failures = report.count(ChannelResult.Status.DRIFT) + report.count(ChannelResult.Status.MISSING);
        long errors = report.count(ChannelResult.Status.ERROR);
        String suite = "release-channels verify " + report.baseUrl();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<testsuites>\n")
                .append("  <testsuite name=\"")
                .append(escape(suite))
                .append("\" tests=\"")
                .append(report.results().size())
                .append("\" failures=\"")
                .append(failures)
                .append("\" errors=\"")
                .append(errors)
                .append("\">\n");
        for (ChannelResult result : report.results()) {
            xml.append("    <testcase classname=\"release-channels.verify\" name=\"")
                    .append(escape(result.name()))
                    .append('"');
            switch (result.status()) {
                case IN_SYNC -> xml.append("/>\n");
                case DRIFT, MISSING ->
                    xml.append(">\n      <failure type=\"")
                            .append(result.status().label())
                            .append("\" message=\"")
                            .append(escape(result.detail()))
                            .append("\"/>\n    </testcase>\n");
                case ERROR ->
                    xml.append(">\n      <error type=\"error\" message=\"")
                            .append(escape(result.detail()))
                            .append("\"/>\n    </testcase>\n");
            }
        }
        return xml.append("  </testsuite>\n</testsuites>\n").toString();
    }

    /** Text in an XML attribute; characters XML 1.0 cannot hold become {@code ?}. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                default -> {
                    if ((c < 0x20 && c != '\t') || c == 0xFFFE || c == 0xFFFF || (c >= 0xD800 && c <= 0xDFFF)) {
                        out.append('?');
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
