{#- Published hardware type -> the short list of dim_hardware_types (GPU, TPU, NPU, LPU, ASIC, CPU, Other,
    Unknown). PassMark and API-score devices carry no type; callers pass 'GPU' for them. -#}
{% macro canonical_hardware_type(expression) -%}
    case
        when {{ expression }} is null then 'Unknown'
        when upper({{ expression }}) in ('GPU', 'GPGPU', 'DCU (GPGPU)') then 'GPU'
        when upper({{ expression }}) = 'TPU' then 'TPU'
        when upper({{ expression }}) in ('NPU', 'XPU', 'XPU-R') then 'NPU'
        when upper({{ expression }}) = 'LPU' then 'LPU'
        when upper({{ expression }}) = 'ASIC' then 'ASIC'
        when upper({{ expression }}) like '%CPU%' then 'CPU'
        else 'Other'
    end
{%- endmacro %}
