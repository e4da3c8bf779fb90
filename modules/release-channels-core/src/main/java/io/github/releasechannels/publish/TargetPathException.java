// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

/**
 * A file on the target that a publish must not touch or cannot trust: it leads outside the target (a symbolic link,
 * a path from a hostile manifest), is not a regular file (a FIFO, a device) or is far larger than any file of a
 * site. Retrying cannot change that; someone has to look at the target.
 */
public class TargetPathException extends TargetException {

    private final String path;

    /**
     * @param path   the site path as the publish names it, e.g. {@code stable/version}
     * @param where  the target, e.g. {@code directory /srv/www}
     * @param reason what is wrong and what to do, completing "{@code path} on {@code where} ..."
     */
    public TargetPathException(String path, String where, String reason) {
        super(path + " on " + where + " " + reason);
        this.path = path;
    }

    /**
     * {@code path} goes through the symbolic link {@code link}, which resolves to {@code real}, outside the target's
     * real path {@code realRoot}.
     */
    public static TargetPathException linkLeavesTarget(
            String path, String where, String link, String real, String realRoot) {
        return new TargetPathException(
                path,
                where,
                "goes through the symbolic link " + link + ", which leads to "
                        + real + ", outside the target's real path " + realRoot + ". A publish never reads, writes or "
                        + "deletes outside its target: replace the link by a directory or a file, or publish to " + real
                        + " itself");
    }

    /** {@code path} goes through the symbolic link {@code link} to {@code linkText}, which is missing or a loop. */
    public static TargetPathException linkLeadsNowhere(String path, String where, String link, String linkText) {
        return new TargetPathException(
                path,
                where,
                "goes through the symbolic link " + link + " -> " + linkText
                        + ", which leads nowhere; replace the link by a directory or a file");
    }

    /** The site path that was refused. */
    public String path() {
        return path;
    }
}
