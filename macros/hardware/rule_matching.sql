{#- Rule matching compiled into one expression: the rules of a reference model (rule_id, priority,
    name_pattern and optional guard columns) are read once when the model runs and written into a single
    `case` whose branches are in rule order (priority, then rule_id). Every pattern is a literal, so the engine
    compiles each regex once, and a name is tested against at most the rules before its first match (and
    only the rules whose guards it meets) - linear in the names, instead of a name x rule join that compiles
    a regex for every pair. Returns the rule_id of the first matching rule, or null. A rule without a pattern
    (a general row of architecture_capabilities) never matches a name. -#}

{#- rules of rules_relation ordered by (priority, rule_id): a list of dicts with rule_id, name_pattern and the
    guard columns; empty when the model is only parsed or compiled before the rules exist (linting), an error
    when a run or build finds no rules table (never a silent 'no rule matched') -#}
{% macro ordered_rules(rules_relation, guard_columns=[]) -%}
    {%- set rules = [] -%}
    {%- set rules_table = load_relation(rules_relation) if execute else none -%}
    {%- if execute and rules_table is none and flags.WHICH in ['run', 'build'] -%}
        {{ exceptions.raise_compiler_error('rule table ' ~ rules_relation ~ ' not found: build it before ' ~ this) }}
    {%- endif -%}
    {%- if rules_table is not none -%}
        {%- set columns = ['rule_id', 'name_pattern'] + guard_columns -%}
        {%- set query -%}
            select {{ columns | join(', ') }} from {{ rules_relation }} order by priority, rule_id
        {%- endset -%}
        {%- for row in run_query(query).rows -%}
            {%- set rule = {} -%}
            {%- for column in columns -%}
                {%- do rule.update({column: row[loop.index0]}) -%}
            {%- endfor -%}
            {%- do rules.append(rule) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(rules) }}
{%- endmacro %}

{#- text literal for a value read from a rules table (single quotes doubled) -#}
{% macro rule_literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{#- first_matching_rule(name expression, rules relation, {guard column: expression}) -> rule_id or null.
    A rule applies to a row when every guard column of the rule equals the row's guard expression (e.g. the
    architecture rules of the row's manufacturer) and its name_pattern matches (regexp_matches_ci). -#}
{% macro first_matching_rule(name_expression, rules_relation, guards={}) -%}
    {%- set rules = aihw.ordered_rules(rules_relation, guards.keys() | list) -%}
    {%- if rules | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        case
            {%- for rule in rules if rule.name_pattern is not none %}
                when
                    {%- for column, expression in guards.items() %}
                        {{ expression }} = {{ aihw.rule_literal(rule[column]) }} and
                    {%- endfor %}
                    {{ aihw.regexp_matches_ci(name_expression, aihw.rule_literal(rule.name_pattern)) }}
                    then {{ aihw.rule_literal(rule.rule_id) }}
            {%- endfor %}
        end
    {%- endif -%}
{%- endmacro %}
