/**
 * Promotions: since when a channel has served its version (read from the git history of the channels file), what
 * is due and why the rest waits, the edit that moves the versions, and the freeze check of hand changes. Plain
 * Java and JGit, no Maven: the promote goal and the CLI call it.
 */
package io.github.releasechannels.promote;
