package io.jointcs.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The subset of kustomize this repository's k8s/ uses, so the tests see each overlay as the cluster would:
 * resources (files and directories), configMapGenerator/secretGenerator (without name hashes), strategic-merge
 * patches (maps merged, lists of named items merged by name, other lists replaced) and namespace. Anything else
 * in a kustomization fails loudly, so a new feature cannot slip past the checks unrendered.
 */
final class Kustomize {
  private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
      "secretGenerator", "generatorOptions", "patches", "namespace", "labels");

  private Kustomize() {}

  /** The documents a kustomization directory renders to. */
  static List<Map<String, Object>> render(Path directory) {
    Path kustomization = directory.resolve("kustomization.yaml");
    if (!Files.isRegularFile(kustomization)) {
      throw new IllegalArgumentException(directory + " has no kustomization.yaml");
    }
    Map<String, Object> k = Repo.yaml(kustomization);
    for (String key : k.keySet()) {
      if (!SUPPORTED.contains(key)) {
        throw new IllegalArgumentException(kustomization + ": '" + key + "' is not rendered by the tests' kustomize");
      }
    }
    Object hashOption = Maps.at(k, "generatorOptions.disableNameSuffixHash");
    if ((k.containsKey("configMapGenerator") || k.containsKey("secretGenerator")) && !Boolean.TRUE.equals(hashOption)) {
      throw new IllegalArgumentException(kustomization + ": generators need generatorOptions.disableNameSuffixHash");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object resource : Maps.list(k.get("resources"))) {
      Path path = directory.resolve(String.valueOf(resource)).normalize();
      if (Files.isDirectory(path)) {
        out.addAll(render(path));
      } else if (Files.isRegularFile(path)) {
        Repo.yamlDocuments(path).forEach(d -> out.add(Maps.map(Maps.deepCopy(d))));
      } else {
        throw new IllegalArgumentException(kustomization + ": resource " + resource + " does not exist");
      }
    }
    for (Map<String, Object> generator : Maps.maps(k.get("configMapGenerator"))) {
      out.add(generated("ConfigMap", directory, generator));
    }
    for (Map<String, Object> generator : Maps.maps(k.get("secretGenerator"))) {
      out.add(generated("Secret", directory, generator));
    }
    for (Map<String, Object> patchRef : Maps.maps(k.get("patches"))) {
      Path patchFile = directory.resolve(String.valueOf(patchRef.get("path")));
      for (Map<String, Object> patch : Repo.yamlDocuments(patchFile)) {
        Map<String, Object> target = find(out, String.valueOf(patch.get("kind")), Maps.string(patch, "metadata.name"));
        if (target == null) {
          throw new IllegalArgumentException(patchFile + ": no " + patch.get("kind") + " named "
              + Maps.string(patch, "metadata.name") + " to patch");
        }
        merge(target, patch);
      }
    }
    Object namespace = k.get("namespace");
    if (namespace != null) {
      for (Map<String, Object> document : out) {
        if (!"Namespace".equals(document.get("kind"))) {
          Maps.map(document.computeIfAbsent("metadata", x -> new LinkedHashMap<>())).put("namespace", namespace);
        }
      }
    }
    return out;
  }

  static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
    for (Map<String, Object> document : documents) {
      if (Objects.equals(kind, document.get("kind")) && Objects.equals(name, Maps.string(document, "metadata.name"))) {
        return document;
      }
    }
    return null;
  }

  private static Map<String, Object> generated(String kind, Path directory, Map<String, Object> generator) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (Object file : Maps.list(generator.get("files"))) {
      String spec = String.valueOf(file);
      int eq = spec.indexOf('=');
      String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
      Path source = directory.resolve(eq < 0 ? spec : spec.substring(eq + 1));
      data.put(key, Repo.read(source));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", generator.get("name"));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", "v1");
    document.put("kind", kind);
    document.put("metadata", metadata);
    // the test keeps Secret data as plain text (kustomize would base64-encode it into 'data')
    document.put("Secret".equals(kind) ? "stringData" : "data", data);
    return document;
  }

  /** Strategic merge: maps key by key, lists of items with a 'name' by name, other lists replaced. */
  @SuppressWarnings("unchecked")
  static void merge(Map<String, Object> target, Map<String, Object> patch) {
    for (Map.Entry<String, Object> e : patch.entrySet()) {
      Object current = target.get(e.getKey());
      Object change = e.getValue();
      if (current instanceof Map && change instanceof Map) {
        merge((Map<String, Object>) current, (Map<String, Object>) change);
      } else if (current instanceof List && change instanceof List && named((List<Object>) change)
          && named((List<Object>) current)) {
        List<Object> items = (List<Object>) current;
        for (Object item : (List<Object>) change) {
          Map<String, Object> patchItem = (Map<String, Object>) item;
          Map<String, Object> existing = null;
          for (Object candidate : items) {
            if (Objects.equals(((Map<String, Object>) candidate).get("name"), patchItem.get("name"))) {
              existing = (Map<String, Object>) candidate;
            }
          }
          if (existing == null) {
            items.add(Maps.deepCopy(patchItem));
          } else {
            merge(existing, patchItem);
          }
        }
      } else {
        target.put(e.getKey(), Maps.deepCopy(change));
      }
    }
  }

  private static boolean named(List<Object> items) {
    return !items.isEmpty() && items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
  }
}
