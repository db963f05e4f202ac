// The language switch. The choice travels as ?lang=en on the links: pages opened from disk do not
// share localStorage (each file is its own origin), so the choice cannot live there alone.
(function(){var q=new URLSearchParams(location.search).get('lang');var s=null;try{s=localStorage.getItem('thads-lang')}catch(e){}
var l=q||s||'vi';document.documentElement.lang=l;
function links(){var en=document.documentElement.lang==='en';document.querySelectorAll('a[href]').forEach(function(a){
var h=a.getAttribute('href');var m=h.match(/^([^?#]*\.html)(\?[^#]*)?(#.*)?$/);if(!m||/^[a-z]+:/i.test(h))return;
a.setAttribute('href',m[1]+(en?'?lang=en':'')+(m[3]||''));});}
document.addEventListener('DOMContentLoaded',links);
window.thadsLang=function(){var n=document.documentElement.lang==='vi'?'en':'vi';document.documentElement.lang=n;
try{localStorage.setItem('thads-lang',n)}catch(e){}links();};})();
