import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import HomePage from './pages/HomePage.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomePage },
  { path: '/interview/:id', name: 'interview', component: () => import('./pages/InterviewPage.vue') },
  { path: '/observe/:id', name: 'observe', component: () => import('./pages/ObservePage.vue') },
  { path: '/report/:id', name: 'report', component: () => import('./pages/ReportPage.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
]

export const router = createRouter({ history: createWebHistory(), routes })
