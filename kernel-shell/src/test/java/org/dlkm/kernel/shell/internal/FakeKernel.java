package org.dlkm.kernel.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dlkm.kernel.KernelException;
import org.dlkm.kernel.KernelService;
import org.dlkm.kernel.LoadRequest;
import org.dlkm.kernel.LoadResult;
import org.dlkm.kernel.ModuleInfo;
import org.dlkm.kernel.ModuleState;
import org.dlkm.kernel.ParameterInfo;
import org.dlkm.kernel.UnloadResult;

/**
 * A kernel that records what the shell asks of it and answers with what the test set up. Not thread-safe.
 */
final class FakeKernel implements KernelService {
    final List<LoadRequest> loads = new ArrayList<>();
    final List<String> unloads = new ArrayList<>();
    final List<String> plans = new ArrayList<>();
    final List<String> parameterQueries = new ArrayList<>();

    List<ModuleInfo> loaded = new ArrayList<>();
    List<ParameterInfo> parameters = List.of();
    List<String> steps = List.of();
    /** the devices a load creates; null for one device named tag + 0 */
    List<String> devices;
    KernelException refusal;
    /** the threads an unload says it interrupted */
    List<String> interrupted = List.of();

    static ModuleInfo module(int id, String name, String tag, long bundleId, boolean export, List<String> devices) {
        return module(id, name, tag, bundleId, export, devices, List.of(), List.of(), 4096);
    }

    static ModuleInfo module(int id, String name, String tag, long bundleId, boolean export, List<String> devices,
            List<String> dependents, List<String> holders, long size) {
        return new ModuleInfo(id, name, tag, "/var/vmkmod/" + name + ".jar", "wsio_class", name + " driver", "1.0.0",
                ModuleState.LOADED, bundleId, export, List.of(), Map.of(), devices, List.of(), dependents, holders,
                size, Instant.parse("2024-05-01T10:15:30Z"), "WSIO", false, -1, 64 + id);
    }

    /** @return the module as it was, with these threads */
    static ModuleInfo withThreads(ModuleInfo m, List<String> threads) {
        return new ModuleInfo(m.id(), m.name(), m.tag(), m.path(), m.type(), m.description(), m.version(), m.state(),
                m.bundleId(), m.exportSymbols(), m.exportedPackages(), m.parameters(), m.devices(), m.dependsOn(),
                m.dependents(), m.holders(), m.size(), m.loadedAt(), m.typeLabel(), m.staticallyConfigured(),
                m.blockMajor(), m.charMajor(), threads);
    }

    /** @return the one load request the shell made */
    LoadRequest request() {
        if (loads.size() != 1) {
            throw new AssertionError("expected one load, got " + loads.size());
        }
        return loads.get(0);
    }

    @Override
    public LoadResult load(LoadRequest request) throws KernelException {
        loads.add(request);
        if (refusal != null) {
            throw refusal;
        }
        String name = request.binary().replaceFirst(".*/", "").replaceFirst("\\.o$", "");
        String tag = request.tag().isEmpty() ? name : request.tag();
        ModuleInfo m = module(loaded.size() + 1, name, tag, 20 + loaded.size(), request.exportSymbols(),
                devices == null ? List.of(tag + "0") : devices);
        loaded.add(m);
        return new LoadResult(m, steps);
    }

    @Override
    public UnloadResult unload(String name) throws KernelException {
        unloads.add(name);
        if (refusal != null) {
            throw refusal;
        }
        int id = query(name).map(ModuleInfo::id).orElse(-1);
        loaded.removeIf(m -> m.name().equals(name));
        return new UnloadResult(id, name, interrupted);
    }

    @Override
    public List<ModuleInfo> list() {
        return List.copyOf(loaded);
    }

    @Override
    public Optional<ModuleInfo> query(String name) {
        return loaded.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    @Override
    public Optional<ModuleInfo> query(int id) {
        return loaded.stream().filter(m -> m.id() == id).findFirst();
    }

    @Override
    public List<ParameterInfo> parameters(String binary) throws KernelException {
        parameterQueries.add(binary);
        if (refusal != null) {
            throw refusal;
        }
        return parameters;
    }

    @Override
    public UnloadResult unload(int id) throws KernelException {
        throw new KernelException(org.dlkm.kernel.Errno.ENOSYS, "not used by these tests");
    }

    @Override
    public org.dlkm.kernel.LoadPlanInfo plan(String name) throws KernelException {
        plans.add(name);
        return new org.dlkm.kernel.LoadPlanInfo(name, List.of(), List.of());
    }

    @Override
    public List<ModuleInfo> demandLoad(String name) throws KernelException {
        throw new KernelException(org.dlkm.kernel.Errno.ENOSYS, "not used by these tests");
    }

    @Override
    public List<String> availableModules() {
        return List.of("aic7xxx", "e100", "nfshaper", "vmklinux");
    }
}
