{#- The raw sources, for the models that treat every source alike (name normalisation, quality flags, row
    reconciliation). The registry is seeds/raw/_raw__seeds.yml: each raw seed's config.meta.source names its
    source (and meta.raw_file its file). What genuinely differs per source - the entity of its one seed, the
    column holding the hardware name, the quality checks - is declared once, in that source's macro
    raw_source__<source>() in this folder. dbt needs every ref() while parsing, when graph.nodes is still
    empty, so the sources are enumerated from those macros; once the graph exists, the list is checked
    against the registry and a source missing on either side stops the build.
    Returns one dict per source, sorted by name: source, entity, seed (raw_<source>__<entity>), staging_model
    (stg_<source>__<entity>), raw_file, name_column, manufacturer_column, name_filter, display_name_rank (whose
    spelling names a product seen in several sources: lowest first), duplicate_key, counted_once_columns
    (measures the staging model keeps only on the first row of each duplicate_key: NULL on the copies, so a
    duplicated row never counts twice), file_column (a multi-file source's staging column naming each row's
    raw file, relative to the raw folder; none for a one-file source), alias_source (whose hardware_aliases
    rows resolve the source's names: itself, unless it shares another source's naming), checks (the source's own, plus no_latin_name for a source that names
    hardware). -#}
{% macro raw_sources() -%}
    {%- set prefix = 'raw_source__' -%}
    {%- set sources = [] -%}
    {%- for macro_name in context | sort if macro_name.startswith(prefix) -%}
        {%- set source = macro_name[prefix | length:] -%}
        {%- set declared = context[macro_name]() -%}
        {%- set entry = {
            'source': source,
            'entity': declared.entity,
            'seed': 'raw_' ~ source ~ '__' ~ declared.entity,
            'staging_model': 'stg_' ~ source ~ '__' ~ declared.entity,
            'raw_file': none,
            'name_column': declared.get('name_column'),
            'manufacturer_column': declared.get('manufacturer_column'),
            'name_filter': declared.get('name_filter'),
            'display_name_rank': declared.get('display_name_rank'),
            'duplicate_key': declared.duplicate_key,
            'counted_once_columns': declared.get('counted_once_columns', []),
            'file_column': declared.get('file_column'),
            'alias_source': declared.get('alias_source', source),
            'checks': declared.checks + ([aihw.no_latin_name_check(declared.name_column)] if declared.get('name_column') else []),
        } -%}
        {%- do sources.append(entry) -%}
    {%- endfor -%}
    {%- if execute -%}
        {%- set registered = {} -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.config.meta.get('source') -%}
            {%- do registered.update({node.name: node.config.meta}) -%}
        {%- endfor -%}
        {%- for entry in sources -%}
            {%- if entry.seed not in registered or registered[entry.seed].source != entry.source -%}
                {{ exceptions.raise_compiler_error(
                    'raw source ' ~ entry.source ~ ': seed ' ~ entry.seed ~ ' is not registered with meta.source '
                    ~ entry.source ~ ' in seeds/raw/_raw__seeds.yml') }}
            {%- endif -%}
            {%- do entry.update({'raw_file': registered[entry.seed].raw_file}) -%}
        {%- endfor -%}
        {%- if registered | length != sources | length -%}
            {{ exceptions.raise_compiler_error(
                'registered raw seeds ' ~ (registered | list | sort) ~ ' and source macros raw_source__* '
                ~ (sources | map(attribute='source') | list) ~ ' disagree: declare raw_source__<source>() in '
                ~ 'macros/sources/ for every seed with meta.source') }}
        {%- endif -%}
    {%- endif -%}
    {{ return(sources) }}
{%- endmacro %}

{#- The raw sources that name hardware for the identity crosswalk (name_column set): names normalisation,
    dim_hardware's display name and its is_in_<source> flags iterate these. A source lands, reconciles and is
    quality-checked before it joins the crosswalk (e.g. a spec sheet whose SKU rules are still to be reviewed). -#}
{% macro identity_sources() -%}
    {{ return(raw_sources() | selectattr('name_column') | list) }}
{%- endmacro %}

{#- A quality check of a source's quality flags: the raw column it concerns, the check's name, the reason
    shown to users and the condition on the source's staging model (duplicate_rows = rows sharing the
    source's duplicate_key). -#}
{% macro raw_source_check(column_name, check_name, reason, condition) -%}
    {{ return({'column_name': column_name, 'check_name': check_name, 'reason': reason, 'condition': condition}) }}
{%- endmacro %}

{#- a measure counted once per duplicate_key: the value on the first row (lowest source_row_number) of the
    rows sharing the source's duplicate_key, NULL on the copies. column must be one of the source's declared
    counted_once_columns, which fct_data_quality_flags reads to tell a copy from an implausible value. -#}
{% macro counted_once(declared, column) -%}
    {%- if column not in declared.get('counted_once_columns', []) -%}
        {{ exceptions.raise_compiler_error(column ~ ' is not declared in counted_once_columns of its raw_source macro') }}
    {%- endif -%}
    case
        when row_number() over (partition by {{ declared.duplicate_key | join(', ') }} order by source_row_number) = 1
            then {{ column }}
    end
{%- endmacro %}

{#- The check every source that names hardware gets: a name with no Latin letter or digit ('昇腾', emoji) leaves
    no matching key, so its hardware_id comes from an md5 of the full name (hardware_match_key). -#}
{% macro no_latin_name_check(name_column) -%}
    {{ return(raw_source_check(name_column, 'no_latin_name',
        'name has no Latin letter or digit: its hardware_id is derived from an md5 of the full name',
        name_column ~ ' is not null and trim(' ~ aihw.hardware_name_norm(name_column) ~ ") = ''")) }}
{%- endmacro %}

{#- the hardware_aliases source whose rows resolve a source's names (alias_source: the source itself unless it
    shares another source's naming, as the MLPerf round files share mlperf.csv's) -#}
{% macro hardware_alias_source(source_column) -%}
    case {{ source_column }}
        {%- for source in identity_sources() if source.alias_source != source.source %}
            when '{{ source.source }}' then '{{ source.alias_source }}'
        {%- endfor %}
        else {{ source_column }}
    end
{%- endmacro %}
