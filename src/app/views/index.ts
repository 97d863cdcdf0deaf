// Which component draws which view. One line per view; the URL's `view` picks one.
import type { Component } from 'svelte';
import type { View } from '../state/url.svelte';
import DataView from './DataView.svelte';
import FindingsView from './FindingsView.svelte';
import FormView from './FormView.svelte';
import DepartmentView from './DepartmentView.svelte';
import SqlView from './SqlView.svelte';
import OverviewView from './OverviewView.svelte';
import ExecutionView from './ExecutionView.svelte';
import SangongView from './SangongView.svelte';
import NoticeView from './NoticeView.svelte';
import CompareView from './CompareView.svelte';

export const VIEW_COMPONENTS: Partial<Record<View, Component>> = {
  data: DataView,
  findings: FindingsView,
  form: FormView,
  department: DepartmentView,
  sql: SqlView,
  overview: OverviewView,
  execution: ExecutionView,
  sangong: SangongView,
  notice: NoticeView,
  compare: CompareView,
};
