package org.dlkm.kernel.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.dlkm.kernel.Errno;
import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.vm.TransmitReport;
import org.dlkm.kernel.vm.VirtualMachines;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code vmxmit VMID OFFERED_BPS FRAME_BYTES SECONDS}: a running machine transmits frames at an offered rate for a
 * time, in real time, through its transmit filter (if any) to its NIC's driver, and the command prints what was
 * offered, sent, dropped and queued and the achieved rate. The rate takes nfshaper's suffixes ({@code k} = 1024,
 * {@code m} = 1048576, either case).
 *
 * <p>Stateless; safe from any thread. The run blocks the session for its time.
 */
@Component(service = Function.class, immediate = true, property = {
        "osgi.command.scope=dlkm",
        "osgi.command.function=" + Vmxmit.NAME })
public final class Vmxmit implements Function {
    static final String NAME = "vmxmit";
    static final String USAGE = "Usage: vmxmit VMID OFFERED_BPS FRAME_BYTES SECONDS   transmit from a virtual machine at"
            + " an offered rate (bits/s, suffix k or m) through its filter to its NIC's driver";

    private final VirtualMachines vms;

    /** Creates the command over the kernel's virtual machines. */
    @Activate
    public Vmxmit(@Reference VirtualMachines vms) {
        this.vms = vms;
    }

    @Override
    public Object execute(CommandSession session, List<Object> arguments) {
        List<String> args = new ArrayList<>();
        arguments.forEach(a -> args.add(String.valueOf(a)));
        try {
            return run(args);
        } catch (KernelException e) {
            throw new CommandFailure(NAME, e);
        }
    }

    String run(List<String> args) throws KernelException {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            return USAGE;
        }
        if (args.size() != 4) {
            throw new CommandFailure(NAME, Errno.EINVAL, "expected VMID OFFERED_BPS FRAME_BYTES SECONDS, got "
                    + args.size() + (args.size() == 1 ? " argument\n" : " arguments\n") + USAGE);
        }
        int vmId = (int) number("VM ID", args.get(0), false, Integer.MAX_VALUE);
        long rate = number("offered rate", args.get(1), true, Long.MAX_VALUE / 8);
        int frame = (int) number("frame length", args.get(2), false, Integer.MAX_VALUE);
        int seconds = (int) number("time", args.get(3), false, Integer.MAX_VALUE);
        TransmitReport r = vms.transmit(vmId, rate, frame, seconds);
        return "vm" + vmId + ": offered " + r.offeredFrames() + " frames of " + frame + " bytes at " + rate
                + " bits/s for " + seconds + " s\n"
                + "sent      " + r.sentFrames() + " frames, " + r.sentBytes() + " bytes\n"
                + "dropped   " + r.droppedFrames() + " frames\n"
                + "queued    " + r.queuedFrames() + " frames\n"
                + "achieved  " + r.achievedBitsPerSecond() + " bits/s";
    }

    /** Digits, with a {@code k} or {@code m} suffix where {@code suffixed}. */
    static long number(String what, String text, boolean suffixed, long max) {
        long multiplier = 1;
        String digits = text;
        if (suffixed && !text.isEmpty()) {
            char last = Character.toLowerCase(text.charAt(text.length() - 1));
            if (last == 'k' || last == 'm') {
                multiplier = last == 'k' ? 1024 : 1024 * 1024;
                digits = text.substring(0, text.length() - 1);
            }
        }
        if (!digits.matches("[0-9]{1,12}")) {
            throw new CommandFailure(NAME, Errno.EINVAL, what + " '" + text + "' is not a decimal number"
                    + (suffixed ? " with an optional suffix k or m" : ""));
        }
        long value = Long.parseLong(digits);
        if (value > max / multiplier) {
            throw new CommandFailure(NAME, Errno.EINVAL, what + " '" + text + "' is too large");
        }
        return value * multiplier;
    }
}
