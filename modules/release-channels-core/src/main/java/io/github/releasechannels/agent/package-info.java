/**
 * What agents are pointed at: the version server's address and the settings (systemd {@code endpoint}, Helm
 * values, {@code curl}) that name a channel on it. Used by the status page, verify, deploy and serve alike.
 */
package io.github.releasechannels.agent;
