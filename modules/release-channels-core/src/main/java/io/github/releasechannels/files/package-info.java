/** Reading local files that nothing vouches for, bounded and by type. Depends on nothing else. */
package io.github.releasechannels.files;
