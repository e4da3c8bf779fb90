/** Text from untrusted sources made safe for logs. Depends on nothing else. */
package io.github.releasechannels.text;
