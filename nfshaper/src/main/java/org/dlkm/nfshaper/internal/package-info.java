/**
 * The {@code nfshaper} module: a transmit filter class whose instances shape a virtual machine's outgoing traffic
 * with two token buckets (average rate with a burst allowance, and peak rate). Private: the module exports nothing;
 * the kernel reaches it only through the {@code DLKM-Module-Class} header and the filter class it registers.
 */
package org.dlkm.nfshaper.internal;
