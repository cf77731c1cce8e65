package io.llmplatform.telemetry.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The attribute registry and span definitions of a pinned OpenTelemetry semantic-conventions
 * release, read from the model YAML kept as data under {@code semconv/} on the class path
 * (see {@code semconv/README.md} for the tags and commits).
 * <p>
 * Only what {@link SemanticConventionsChecker} needs is resolved: each attribute's type and
 * deprecation, the namespaces the registry owns, and a span group's requirement levels
 * after following its {@code extends} chain (a group's own {@code ref} overrides what it
 * inherits; an attribute with no level anywhere is {@code recommended}).
 */
public final class SemanticConventions {

	private static final String ROOT = "semconv/";

	private final Map<String, Attribute> attributes;

	/** Template attributes ({@code http.request.header.<key>}): prefix → attribute. */
	private final Map<String, Attribute> templates;

	private final Set<String> namespaces;

	private final Map<String, Map<String, Object>> groups;

	private SemanticConventions(Map<String, Attribute> attributes, Map<String, Attribute> templates,
			Map<String, Map<String, Object>> groups) {
		this.attributes = attributes;
		this.templates = templates;
		this.groups = groups;
		Set<String> namespaces = new TreeSet<>();
		attributes.keySet().forEach((key) -> namespaces.add(namespaceOf(key)));
		templates.keySet().forEach((key) -> namespaces.add(namespaceOf(key)));
		namespaces.remove("");
		this.namespaces = Set.copyOf(namespaces);
	}

	/** The release pinned in this module's resources ({@code semconv/index.txt}). */
	public static SemanticConventions pinned() {
		return Holder.PINNED;
	}

	private static final class Holder {

		static final SemanticConventions PINNED = load(SemanticConventions.class.getClassLoader());

	}

	/** Reads every file named in {@code semconv/index.txt}. */
	static SemanticConventions load(ClassLoader classLoader) {
		Map<String, Attribute> attributes = new HashMap<>();
		Map<String, Attribute> templates = new HashMap<>();
		Map<String, Map<String, Object>> groups = new HashMap<>();
		for (String file : index(classLoader)) {
			Map<String, Object> document = yaml(classLoader, ROOT + file);
			for (Map<String, Object> group : maps(document.get("groups"))) {
				groups.put((String) group.get("id"), group);
				for (Map<String, Object> attribute : maps(group.get("attributes"))) {
					if (attribute.get("id") instanceof String id) {
						Attribute parsed = new Attribute(id, typeOf(attribute.get("type")),
								attribute.containsKey("deprecated"), renamedTo(attribute.get("deprecated")));
						if (String.valueOf(attribute.get("type")).startsWith("template[")) {
							templates.put(id + ".", parsed);
						}
						else {
							attributes.put(id, parsed);
						}
					}
				}
			}
		}
		return new SemanticConventions(Map.copyOf(attributes), Map.copyOf(templates), Map.copyOf(groups));
	}

	/** The registered attribute with this key, a template's included. */
	public Optional<Attribute> attribute(String key) {
		Attribute attribute = this.attributes.get(key);
		if (attribute != null) {
			return Optional.of(attribute);
		}
		return this.templates.entrySet()
			.stream()
			.filter((template) -> key.startsWith(template.getKey()))
			.map(Map.Entry::getValue)
			.findFirst();
	}

	/** Whether the registry defines attributes in this key's namespace (the part before its first dot). */
	public boolean isRegisteredNamespace(String key) {
		return this.namespaces.contains(namespaceOf(key));
	}

	/** The attributes a span group (e.g. {@code span.http.client}) marks {@code required}. */
	public Set<String> required(String groupId) {
		Set<String> required = new TreeSet<>();
		requirementLevels(groupId).forEach((key, level) -> {
			if ("required".equals(level)) {
				required.add(key);
			}
		});
		return required;
	}

	/** Requirement level per attribute of a group, its {@code extends} chain resolved. */
	Map<String, String> requirementLevels(String groupId) {
		Map<String, Object> group = this.groups.get(groupId);
		if (group == null) {
			throw new IllegalArgumentException("No group " + groupId + " in the pinned semantic conventions");
		}
		Map<String, String> levels = new LinkedHashMap<>();
		if (group.get("extends") instanceof String parent) {
			levels.putAll(requirementLevels(parent));
		}
		for (Map<String, Object> attribute : maps(group.get("attributes"))) {
			Object key = (attribute.get("ref") != null) ? attribute.get("ref") : attribute.get("id");
			Object level = attribute.get("requirement_level");
			if (level instanceof Map<?, ?> conditional) {
				level = conditional.keySet().iterator().next();
			}
			if (level != null) {
				levels.put((String) key, level.toString());
			}
			else {
				levels.putIfAbsent((String) key, "recommended");
			}
		}
		return levels;
	}

	private static String namespaceOf(String key) {
		int dot = key.indexOf('.');
		return (dot > 0) ? key.substring(0, dot) : "";
	}

	/** {@code int}, {@code double}, {@code string}, {@code boolean}, their arrays, or {@code any}. */
	private static String typeOf(Object type) {
		if (type instanceof String name) {
			return name.startsWith("template[") ? name.substring("template[".length(), name.length() - 1) : name;
		}
		if (type instanceof Map<?, ?> enumeration) {
			// An enum: the type of its members' values.
			for (Map<String, Object> member : maps(enumeration.get("members"))) {
				Object value = member.get("value");
				if (value instanceof Integer || value instanceof Long) {
					return "int";
				}
				if (value instanceof Double) {
					return "double";
				}
				if (value instanceof Boolean) {
					return "boolean";
				}
			}
			return "string";
		}
		return "any";
	}

	private static String renamedTo(Object deprecated) {
		if (deprecated instanceof Map<?, ?> details && details.get("renamed_to") instanceof String renamed) {
			return renamed;
		}
		return null;
	}

	private static List<String> index(ClassLoader classLoader) {
		try (InputStream in = open(classLoader, ROOT + "index.txt");
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			return reader.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> yaml(ClassLoader classLoader, String resource) {
		try (InputStream in = open(classLoader, resource)) {
			LoaderOptions options = new LoaderOptions();
			options.setCodePointLimit(10 * 1024 * 1024);
			return new Yaml(new SafeConstructor(options)).load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InputStream open(ClassLoader classLoader, String resource) {
		InputStream in = classLoader.getResourceAsStream(resource);
		if (in == null) {
			throw new IllegalStateException("Missing class-path resource " + resource);
		}
		return in;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> maps(Object list) {
		List<Map<String, Object>> result = new ArrayList<>();
		if (list instanceof List<?> items) {
			for (Object item : items) {
				if (item instanceof Map<?, ?> map) {
					result.add((Map<String, Object>) map);
				}
			}
		}
		return result;
	}

	/**
	 * A registered attribute.
	 * @param key its name
	 * @param type {@code int}, {@code double}, {@code string}, {@code boolean}, an array of one of
	 * them ({@code string[]}), or {@code any}
	 * @param deprecated whether the registry deprecates it
	 * @param renamedTo the key that replaces it, if the registry names one
	 */
	public record Attribute(String key, String type, boolean deprecated, String renamedTo) {
	}

}
