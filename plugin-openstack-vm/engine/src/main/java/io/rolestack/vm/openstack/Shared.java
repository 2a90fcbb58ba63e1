package io.rolestack.vm.openstack;

import io.rolestack.core.events.Progress;
import io.rolestack.vm.VmRequest;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.network.Network;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What every server of one create (or drift) call shares, looked up once: image, network, flavors; the key pair checked. */
record Shared(String imageId, String networkId, String networkName, Map<String, String> flavorIds,
              Map<String, String> flavorNames) {

    static Shared lookUp(OpenStackSettings settings, ApiCalls calls, List<VmRequest> requests, Progress progress) {
        String target = "provider";
        progress.step(target, "looking up image '" + settings.image() + "', network '" + settings.network() + "' and flavors");
        List<? extends org.openstack4j.model.image.v2.Image> images = calls.call("image " + settings.image(),
                "GET /v2/images?name=", os -> os.imagesV2().list(Map.of("name", settings.image())));
        String imageId = images.stream().filter(i -> settings.image().equals(i.getName())).map(i -> i.getId()).findFirst()
                .orElseGet(() -> {
                    org.openstack4j.model.image.v2.Image byId = calls.call("image " + settings.image(), "GET /v2/images/{id}",
                            os -> os.imagesV2().get(settings.image()));
                    if (byId == null) throw new IllegalArgumentException("provider.image: no Glance image named '" + settings.image() + "'");
                    return byId.getId();
                });
        Network network = network(calls, settings.network(), "provider.network");
        List<? extends Flavor> flavors = calls.call("flavors", "GET /flavors/detail", os -> os.compute().flavors().list());
        Map<String, String> flavorIds = new HashMap<>();
        for (VmRequest r : requests) {
            String wanted = settings.flavorFor(r.name().role(), r.flavor());
            String id = flavors.stream().filter(f -> wanted.equals(f.getName()) || wanted.equals(f.getId()))
                    .map(Flavor::getId).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("flavor '" + wanted + "' for " + r.name().fqdn()
                            + " does not exist (have: " + flavors.stream().map(Flavor::getName).sorted().toList() + ")"));
            flavorIds.put(wanted, id);
        }
        if (!settings.keyName().isEmpty()) {
            Object kp = calls.call("key pair " + settings.keyName(), "GET /os-keypairs/" + settings.keyName(),
                    os -> os.compute().keypairs().get(settings.keyName()));
            if (kp == null) throw new IllegalArgumentException("provider.keyName: no Nova key pair named '" + settings.keyName() + "'");
        }
        Map<String, String> flavorNames = new HashMap<>();
        flavors.forEach(f -> flavorNames.put(f.getId(), f.getName()));
        return new Shared(imageId, network.getId(), network.getName(), Map.copyOf(flavorIds), Map.copyOf(flavorNames));
    }

    /** A Neutron network by name, else by id; {@code key} names the spec setting in the error. */
    static Network network(ApiCalls calls, String nameOrId, String key) {
        List<? extends Network> nets = calls.call("network " + nameOrId, "GET /v2.0/networks?name=",
                os -> os.networking().network().list(Map.of("name", nameOrId)));
        Optional<? extends Network> byName = nets.stream().filter(n -> nameOrId.equals(n.getName())).findFirst();
        if (byName.isPresent()) return byName.get();
        Network byId = calls.call("network " + nameOrId, "GET /v2.0/networks/{id}", os -> os.networking().network().get(nameOrId));
        if (byId == null) throw new IllegalArgumentException(key + ": no Neutron network named '" + nameOrId + "'");
        return byId;
    }
}
