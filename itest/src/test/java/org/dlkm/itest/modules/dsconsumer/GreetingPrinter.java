package org.dlkm.itest.modules.dsconsumer;

import java.util.function.Supplier;

/**
 * A declarative services component of a plain bundle (not a module) with a mandatory reference to the greeter's
 * service: SCR registers its own service, a {@code Runnable} with {@code dlkm.test=dsconsumer}, only once the
 * reference is satisfied, that is once the kernel has autoloaded the greeter for it. Its descriptor is written by the
 * test, so the class needs no annotations.
 */
public final class GreetingPrinter implements Runnable {
    private volatile Supplier<?> greeter;

    /** The reference's bind method. */
    public void setGreeter(Supplier<?> greeter) {
        this.greeter = greeter;
    }

    /** The reference's unbind method. */
    public void unsetGreeter(Supplier<?> greeter) {
        this.greeter = null;
    }

    @Override
    public void run() {
        Supplier<?> g = greeter;
        System.out.println(g == null ? "no greeter" : g.get());
    }
}
